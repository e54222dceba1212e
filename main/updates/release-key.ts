/**
 * The public half of S3 Desk's release key, compiled into the app so that
 * neither the update feed nor the organisation's policy can change whom the
 * app trusts. The same text is in build/release-key.pub (a test keeps the two
 * identical); the secret half lives only in the release pipeline's secrets.
 */
export const RELEASE_PUBLIC_KEY = `untrusted comment: minisign public key FCBCD0BC191DAD15
RWQVrR0ZvNC8/LUEaEiYGMnkTXrqBfNgNfrTzGPLv9e7+Rw+vgpKN7Ya
`;
