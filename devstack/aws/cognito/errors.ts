/** A Cognito Identity (AWS JSON 1.1) error: `{"__type": code, "message": …}` with an HTTP status. */
export class CognitoError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const cognitoErrors = {
  notAuthorized: (message: string) => new CognitoError('NotAuthorizedException', message),
  resourceNotFound: (message: string) => new CognitoError('ResourceNotFoundException', message),
  invalidParameter: (message: string) => new CognitoError('InvalidParameterException', message),
  resourceConflict: (message: string) => new CognitoError('ResourceConflictException', message),
  tooManyRequests: () => new CognitoError('TooManyRequestsException', 'Rate exceeded'),
  internal: () => new CognitoError('InternalErrorException', 'An internal error occurred. Please try again.', 500),
  missingAuthentication: () =>
    new CognitoError('MissingAuthenticationTokenException', 'Request is missing Authentication Token'),
  unrecognizedClient: () =>
    new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  invalidSignature: (message = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.') =>
    new CognitoError('InvalidSignatureException', message),
  unknownOperation: () => new CognitoError('UnknownOperationException', 'The requested operation is not supported.'),
  serialization: (message: string) => new CognitoError('SerializationException', message),
};
