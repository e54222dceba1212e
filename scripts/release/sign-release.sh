#!/usr/bin/env bash
# Signs a release folder for S3 Desk's updater and for people checking downloads:
# writes SHA256SUMS over every artifact, signs it and each electron-updater
# manifest with minisign, and verifies every signature against the committed
# public key — so a secret key that does not match build/release-key.pub fails
# here, before anything is published, rather than in every user's updater.
#
#   MINISIGN_SECRET_KEY=... [MINISIGN_PASSWORD=...] sign-release.sh <release-dir> <public-key-file>
#
# MINISIGN_SECRET_KEY holds the secret key file's contents. MINISIGN_PASSWORD
# is only for a password-protected key; minisign reads it from stdin.
set -euo pipefail

error() {
  # The ::error:: prefix turns the line into an annotation on GitHub Actions; elsewhere it is just text.
  echo "::error::$*" >&2
  exit 1
}

[[ $# -eq 2 ]] || error "usage: sign-release.sh <release-dir> <public-key-file>"
release_dir=$1
public_key=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
manifests=(latest.yml latest-mac.yml latest-linux.yml)

command -v minisign >/dev/null || error "minisign is not installed (apt-get install minisign)"
[[ -f $public_key ]] || error "public key $public_key not found"
[[ -n ${MINISIGN_SECRET_KEY:-} ]] || error "MINISIGN_SECRET_KEY is not set: without signed manifests every client refuses the update, so nothing is published"

cd "$release_dir"
for manifest in "${manifests[@]}"; do
  [[ -f $manifest ]] || error "$manifest is missing from $release_dir: a platform build did not produce its update manifest"
done

# Every artifact, blockmap and manifest; not the signatures, nor the list itself.
find . -maxdepth 1 -type f ! -name 'SHA256SUMS*' ! -name '*.minisig' -printf '%f\n' | LC_ALL=C sort | xargs -d '\n' sha256sum -- > SHA256SUMS
[[ -s SHA256SUMS ]] || error "no files to list in $release_dir"

key_dir=$(mktemp -d)
trap 'rm -rf "$key_dir"' EXIT
chmod 700 "$key_dir"
(umask 077 && printf '%s\n' "$MINISIGN_SECRET_KEY" > "$key_dir/release.key")

for file in SHA256SUMS "${manifests[@]}"; do
  # The trusted comment is signed too: it names the file and release, so a signature cannot be replayed on another file unnoticed.
  comment="s3-desk ${GITHUB_REF_NAME:-unreleased} $file"
  if [[ -n ${MINISIGN_PASSWORD:-} ]]; then
    printf '%s\n' "$MINISIGN_PASSWORD" | minisign -S -s "$key_dir/release.key" -m "$file" -t "$comment" >/dev/null \
      || error "minisign could not sign $file (wrong MINISIGN_PASSWORD or a malformed MINISIGN_SECRET_KEY?)"
  else
    minisign -S -s "$key_dir/release.key" -m "$file" -t "$comment" </dev/null >/dev/null \
      || error "minisign could not sign $file (a password-protected key needs MINISIGN_PASSWORD; or MINISIGN_SECRET_KEY is malformed)"
  fi
done

for file in SHA256SUMS "${manifests[@]}"; do
  minisign -V -q -p "$public_key" -m "$file" \
    || error "the signature of $file does not verify with $2: MINISIGN_SECRET_KEY is not the key the app trusts"
done
sha256sum --quiet -c SHA256SUMS || error "SHA256SUMS does not match the files"

echo "Signed and verified SHA256SUMS and ${manifests[*]} ($(wc -l < SHA256SUMS) files listed)."
