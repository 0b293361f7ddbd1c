#!/bin/sh
# Usage: examples/make-example-repo.sh [DEST]
# Copies examples/guestbook/ into a new git repository at DEST (default: .tideway/example-repo,
# where examples/guestbook-app.yaml looks for it) and commits it on branch main.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-"$(cd "$here/.." && pwd)/.tideway/example-repo"}
if [ -e "$dest" ]; then
  echo "make-example-repo: $dest already exists; remove it first (rm -rf $dest)" >&2
  exit 1
fi
mkdir -p "$dest"
cp -R "$here/guestbook" "$dest/guestbook"
cp -R "$here/guestbook-hooks" "$dest/guestbook-hooks"
cd "$dest"
git init --quiet --initial-branch=main
# Commits need an author; use a local one only when git has none configured.
git config user.name >/dev/null || git config user.name "Tideway example"
git config user.email >/dev/null || git config user.email "example@tideway.invalid"
git add guestbook guestbook-hooks
git commit --quiet -m "guestbook: ConfigMap, Deployment and Service"
echo "created $(pwd) (branch main, $(git rev-parse --short HEAD)): $(ls guestbook | tr '\n' ' ')(and guestbook-hooks/)"
