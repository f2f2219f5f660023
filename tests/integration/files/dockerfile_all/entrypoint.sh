#!/bin/sh
echo "entrypoint got: $*"
