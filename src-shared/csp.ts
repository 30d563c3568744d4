// The renderer's Content-Security-Policy, in one place: the HTTP server sends it as a header, the
// Electron app:// protocol handler sends it as a header, and the build writes it into each HTML
// page as a <meta> tag (for the rare load that bypasses both). No inline script or style is needed
// by the UI, so none is allowed; the only network peer is the page's own origin.
const directives: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['manifest-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['object-src', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** The policy for an HTTP `Content-Security-Policy` header. */
export const CONTENT_SECURITY_POLICY = directives.map(([name, value]) => `${name} ${value}`).join('; ');

/** The same policy for a <meta http-equiv> tag, which must not carry `frame-ancestors`. */
export const CONTENT_SECURITY_POLICY_META = directives
  .filter(([name]) => name !== 'frame-ancestors')
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');
