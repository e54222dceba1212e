import type { BuildHandlerOptions, BuildMiddleware, MiddlewareStack } from '@aws-sdk/types';

const options: BuildHandlerOptions & { name: string } = { step: 'build', name: 's3deskUnsignedPayload' };

/**
 * Sends a command's body as UNSIGNED-PAYLOAD instead of signing its SHA-256:
 * the body's integrity is already checked by the CRC32 checksum the SDK
 * sends with it (and over HTTPS by TLS), so hashing every byte of every
 * part a second time, here and again at S3, only costs CPU. The signer takes
 * an x-amz-content-sha256 header that is already there.
 */
export function unsignedPayload<C extends { middlewareStack: object }>(command: C): C {
  const middleware: BuildMiddleware<object, object> = (next) => async (args) => {
    const request = args.request as { headers?: Record<string, string> };
    if (request.headers) request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    return next(args);
  };
  (command.middlewareStack as MiddlewareStack<object, object>).add(middleware, options);
  return command;
}
