#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager from Debian's `kubernetes` source package
# (1.20.2, vendored dependencies) with Debian's Go 1.19, and installs etcd from Debian.
# The binaries are cached outside the clone (TIDEWAY_K8S_CACHE, default ~/.cache/tideway/k8s),
# so a second run returns in a second.
set -euo pipefail

CACHE="${TIDEWAY_K8S_CACHE:-$HOME/.cache/tideway/k8s}"
BIN="$CACHE/bin"
if [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ] && command -v etcd >/dev/null; then
  echo "control plane binaries cached in $BIN"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
SRC_LIST=/etc/apt/sources.list.d/tideway-deb-src.sources
if [ ! -f "$SRC_LIST" ]; then
  # Same URI and keyring as the machine's own Debian source, for source packages.
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  key=$(awk '/^Signed-By:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  uri=${uri:-http://deb.debian.org/debian}
  key=${key:-/usr/share/keyrings/debian-archive-keyring.gpg}
  printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: %s\n' "$uri" "$key" > "$SRC_LIST"
fi
apt-get update -qq
apt-get install -y -qq golang-1.19-go golang-github-modern-go-reflect2-dev etcd-server rsync openssl dpkg-dev >/dev/null

WORK="$CACHE/build"
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"
apt-get source --download-only kubernetes >/dev/null
orig=$(ls kubernetes_*.orig.tar.gz | head -n1)
mkdir -p src && tar -xzf "$orig" -C src
top=$(find src -mindepth 1 -maxdepth 1 -type d | head -n1)
export GOPATH="$WORK/gopath"
mkdir -p "$GOPATH/src/k8s.io"
ln -sfn "$WORK/$top" "$GOPATH/src/k8s.io/kubernetes"
cd "$GOPATH/src/k8s.io/kubernetes"

# reflect2 1.0.1 corrupts memory with Go >= 1.18; use Debian's 1.0.2 sources.
r2=vendor/github.com/modern-go/reflect2
rm -f "$r2"/*.go "$r2"/*.s
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.go "$r2"/
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.s "$r2"/ 2>/dev/null || true
rm -f "$r2"/*_test.go

export PATH=/usr/lib/go-1.19/bin:$PATH CGO_ENABLED=0
make WHAT="cmd/kube-apiserver cmd/kube-controller-manager"
mkdir -p "$BIN"
cp _output/bin/kube-apiserver _output/bin/kube-controller-manager "$BIN/"
cd / && rm -rf "$WORK"
echo "control plane binaries built into $BIN"
