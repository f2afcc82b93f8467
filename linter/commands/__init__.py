"""Extra sub-commands. Each module defines ``register(subparsers)``; the CLI finds them all."""
