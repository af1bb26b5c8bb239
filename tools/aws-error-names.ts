/**
 * AWS SDK error names that mean "your credentials are missing, wrong or expired". Shared by the AWS adapters
 * and the checkpoint saver, which both turn them into the same advice.
 */
export const CREDENTIAL_ERROR_NAMES: ReadonlySet<string> = new Set([
  "CredentialsProviderError",
  "CredentialsError",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId",
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
  "TokenRefreshRequired",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
]);
