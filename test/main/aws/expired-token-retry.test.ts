import { describe, expect, it, vi } from 'vitest';
import { Readable } from 'node:stream';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity, HandlerExecutionContext, InitializeHandler, InitializeHandlerArguments } from '@aws-sdk/types';
import { expiredTokenRetry, expiredTokenRetryOptions } from '../../../main/aws/expired-token-retry';

type Input = { Bucket: string };
type Output = { ok: true };

/** A context shaped like the one the SDK passes: the identity the request was signed with sits under __smithy_context. */
const signedContext = (accessKeyId: string) =>
  ({ __smithy_context: { selectedHttpAuthScheme: { identity: { accessKeyId } } } }) as unknown as HandlerExecutionContext;

const ARGS: InitializeHandlerArguments<Input> = { input: { Bucket: 'desk-private' } };
const OK = { output: { ok: true as const }, response: {} };

const awsError = (fields: { name?: string; Code?: string; code?: string }, message = 'FAKE failure') => Object.assign(new Error(message), fields);

/** Runs the middleware once around a fake `next` that answers with the given outcomes, in order. */
async function run(outcomes: Array<Error | typeof OK>, context: HandlerExecutionContext = signedContext('AKIA-OLD')) {
  const invalidate = vi.fn<(accessKeyId: string | undefined) => void>();
  const next = vi.fn<InitializeHandler<Input, Output>>();
  for (const outcome of outcomes) {
    if (outcome instanceof Error) next.mockRejectedValueOnce(outcome);
    else next.mockResolvedValueOnce(outcome);
  }
  const handler = expiredTokenRetry<Input, Output>(invalidate)(next, context);
  const result = await handler(ARGS).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { result, next, invalidate };
}

describe('expiredTokenRetry middleware', () => {
  it('is added in the initialize step, so a retry goes through identity resolution and signing again', () => {
    expect(expiredTokenRetryOptions).toEqual({ step: 'initialize', name: 's3deskExpiredTokenRetry' });
  });

  it('passes a success through after exactly one call, invalidating nothing', async () => {
    const { result, next, invalidate } = await run([OK]);
    expect(result).toEqual({ value: OK });
    expect(next).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledWith(ARGS);
    expect(invalidate).not.toHaveBeenCalled();
  });

  describe.each([
    { label: 'ExpiredToken (error name)', error: awsError({ name: 'ExpiredToken' }) },
    { label: 'ExpiredToken (Code field, as S3 XML errors carry it)', error: awsError({ name: 'S3ServiceException', Code: 'ExpiredToken' }) },
    { label: 'ExpiredTokenException', error: awsError({ name: 'ExpiredTokenException' }) },
    { label: 'TokenRefreshRequired', error: awsError({ name: 'TokenRefreshRequired' }) },
  ])('when AWS answers $label', ({ error }) => {
    it('invalidates the access key id the request was signed with and runs the request once more', async () => {
      const { result, next, invalidate } = await run([error, OK]);
      expect(result).toEqual({ value: OK });
      expect(invalidate).toHaveBeenCalledTimes(1);
      expect(invalidate).toHaveBeenCalledWith('AKIA-OLD');
      expect(next).toHaveBeenCalledTimes(2);
      expect(next).toHaveBeenNthCalledWith(2, ARGS);
      // The invalidation happens before the retry resolves its credentials.
      expect(invalidate.mock.invocationCallOrder[0]).toBeLessThan(next.mock.invocationCallOrder[1]!);
    });
  });

  it('throws a second ExpiredToken from the retry: never a third call, so a wrong clock cannot loop', async () => {
    const second = awsError({ name: 'ExpiredToken' }, 'FAKE second expiry');
    const { result, next, invalidate } = await run([awsError({ name: 'ExpiredToken' }), second, OK]);
    expect(result).toEqual({ error: second });
    expect(next).toHaveBeenCalledTimes(2);
    expect(invalidate).toHaveBeenCalledTimes(1);
  });

  it('throws whatever other error the retry ends with', async () => {
    const denied = awsError({ name: 'AccessDenied' });
    const { result, next } = await run([awsError({ name: 'ExpiredToken' }), denied]);
    expect(result).toEqual({ error: denied });
    expect(next).toHaveBeenCalledTimes(2);
  });

  it.each([
    { label: 'AccessDenied', error: awsError({ name: 'AccessDenied' }) },
    { label: 'InvalidAccessKeyId', error: awsError({ name: 'InvalidAccessKeyId' }) },
    { label: 'a network error (ECONNREFUSED)', error: awsError({ name: 'Error', code: 'ECONNREFUSED' }, 'connect ECONNREFUSED 127.0.0.1:1') },
    { label: 'a plain value that is not an Error', error: 'FAKE string failure' as unknown as Error },
  ])('does not retry $label: one call, the error unchanged, nothing invalidated', async ({ error }) => {
    const invalidate = vi.fn();
    const next = vi.fn<InitializeHandler<Input, Output>>().mockRejectedValue(error);
    const handler = expiredTokenRetry<Input, Output>(invalidate)(next, signedContext('AKIA-OLD'));
    await expect(handler(ARGS)).rejects.toBe(error);
    expect(next).toHaveBeenCalledTimes(1);
    expect(invalidate).not.toHaveBeenCalled();
  });

  describe('a HEAD, whose answer has no body to name ExpiredToken in', () => {
    const bareBadRequest = () => Object.assign(awsError({ name: 'Unknown' }), { $metadata: { httpStatusCode: 400 } });
    const headContext = (commandName: string) =>
      ({ ...signedContext('AKIA-OLD'), commandName }) as unknown as HandlerExecutionContext;

    it('retries a bare 400 once with fresh credentials', async () => {
      const { result, next, invalidate } = await run([bareBadRequest(), OK], headContext('HeadObjectCommand'));
      expect(result).toEqual({ value: OK });
      expect(invalidate).toHaveBeenCalledWith('AKIA-OLD');
      expect(next).toHaveBeenCalledTimes(2);
    });

    it('does not retry a bare 400 of any other command, nor a HEAD 403 or 404', async () => {
      expect((await run([bareBadRequest()], headContext('GetObjectCommand'))).next).toHaveBeenCalledTimes(1);
      const forbidden = Object.assign(awsError({ name: 'Unknown' }), { $metadata: { httpStatusCode: 403 } });
      expect((await run([forbidden], headContext('HeadObjectCommand'))).next).toHaveBeenCalledTimes(1);
      const missing = Object.assign(awsError({ name: 'NotFound' }), { $metadata: { httpStatusCode: 404 } });
      expect((await run([missing], headContext('HeadObjectCommand'))).next).toHaveBeenCalledTimes(1);
    });
  });

  it.each([
    { label: 'no smithy context at all', context: {} },
    { label: 'no selected auth scheme', context: { __smithy_context: {} } },
    { label: 'an identity without a string access key id', context: { __smithy_context: { selectedHttpAuthScheme: { identity: { accessKeyId: 42 } } } } },
  ])('with $label, invalidates whatever is cached (invalidate(undefined)) and still retries once', async ({ context }) => {
    const { result, next, invalidate } = await run([awsError({ name: 'ExpiredToken' }), OK], context as unknown as HandlerExecutionContext);
    expect(result).toEqual({ value: OK });
    expect(invalidate).toHaveBeenCalledWith(undefined);
    expect(next).toHaveBeenCalledTimes(2);
  });
});

describe('expiredTokenRetry on a real S3Client', () => {
  const EXPIRED_XML =
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>';
  const EMPTY_LISTING =
    '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    '<Name>desk-private</Name><Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>';

  const keys = (n: number): AwsCredentialIdentity => ({
    accessKeyId: `AKIA-TEST-${n}`,
    secretAccessKey: `FAKE-SECRET-${n}`,
    sessionToken: `FAKE-SESSION-TOKEN-${n}`,
    expiration: new Date(Date.now() + 3_600_000),
  });

  const reply = (statusCode: number, body: string) => ({
    response: { statusCode, headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'FAKE-REQUEST-ID' }, body: Readable.from([Buffer.from(body)]) },
  });

  function harness(answers: Array<ReturnType<typeof reply>>) {
    let current = keys(1);
    const provider = Object.assign(async () => current, { memoized: true as const });
    const authorizations: string[] = [];
    const requestHandler = {
      handle: async (request: { headers: Record<string, string> }) => {
        authorizations.push(request.headers['authorization'] ?? '');
        const answer = answers.shift();
        if (!answer) throw new Error('FAKE handler: no more answers');
        return answer;
      },
    };
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      forcePathStyle: true,
      // The SDK's own retry would not retry ExpiredToken anyway (and would reuse the same identity); one attempt keeps it out of the picture.
      maxAttempts: 1,
      credentials: provider,
      requestHandler,
    });
    const invalidated: Array<string | undefined> = [];
    s3.middlewareStack.add(
      expiredTokenRetry((accessKeyId) => {
        invalidated.push(accessKeyId);
        if (accessKeyId === current.accessKeyId) current = keys(2);
      }),
      expiredTokenRetryOptions,
    );
    return { s3, authorizations, invalidated };
  }

  it('reads the signing access key id where the SDK records it, and re-signs the retry with the new credentials', async () => {
    const { s3, authorizations, invalidated } = harness([reply(400, EXPIRED_XML), reply(200, EMPTY_LISTING)]);
    try {
      const listing = await s3.send(new ListObjectsV2Command({ Bucket: 'desk-private' }));
      expect(listing.KeyCount).toBe(0);
      expect(listing.IsTruncated).toBe(false);
      expect(invalidated).toEqual(['AKIA-TEST-1']);
      expect(authorizations).toHaveLength(2);
      expect(authorizations[0]).toContain('Credential=AKIA-TEST-1/');
      expect(authorizations[1]).toContain('Credential=AKIA-TEST-2/');
    } finally {
      s3.destroy();
    }
  });

  it('without the middleware, the SDK alone does not recover from ExpiredToken', async () => {
    let calls = 0;
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      forcePathStyle: true,
      // The SDK's standard retry (3 attempts) classifies ExpiredToken as not retryable.
      maxAttempts: 3,
      retryMode: 'standard',
      credentials: Object.assign(async () => keys(1), { memoized: true as const }),
      requestHandler: {
        handle: async () => {
          calls += 1;
          return reply(400, EXPIRED_XML);
        },
      },
    });
    try {
      await expect(s3.send(new ListObjectsV2Command({ Bucket: 'desk-private' }))).rejects.toMatchObject({ name: 'ExpiredToken' });
      expect(calls).toBe(1);
    } finally {
      s3.destroy();
    }
  });

  it('a second ExpiredToken reaches the caller after exactly two requests', async () => {
    const { s3, authorizations, invalidated } = harness([reply(400, EXPIRED_XML), reply(400, EXPIRED_XML), reply(200, EMPTY_LISTING)]);
    try {
      await expect(s3.send(new ListObjectsV2Command({ Bucket: 'desk-private' }))).rejects.toMatchObject({ name: 'ExpiredToken' });
      expect(authorizations).toHaveLength(2);
      expect(invalidated).toEqual(['AKIA-TEST-1']);
    } finally {
      s3.destroy();
    }
  });
});
