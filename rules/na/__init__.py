"""N: missing values written as NA sentinels (R's `.na.character`, `NA`, `NaN`, ...)."""
