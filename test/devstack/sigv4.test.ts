import { describe, expect, it } from 'vitest';
import { computeSignature, readSignatureClaims, SignatureFormatError, sha256Hex } from '../../devstack/aws/sigv4';

// The worked example from the AWS documentation ("Create a signed AWS API request",
// IAM ListUsers, 2015-08-30): an independent check on the canonicalisation.
const docsExample = {
  method: 'GET',
  rawPath: '/',
  rawQuery: 'Action=ListUsers&Version=2010-05-08',
  headers: {
    host: 'iam.amazonaws.com',
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    'x-amz-date': '20150830T123600Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
  },
};

describe('SigV4 verification', () => {
  it('reproduces the signature of the AWS documentation example', () => {
    const claims = readSignatureClaims(docsExample)!;
    expect(claims).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', scope: { date: '20150830', region: 'us-east-1', service: 'iam' } });
    const signature = computeSignature(docsExample, claims, {
      service: 'iam',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      payloadHash: sha256Hex(''),
    });
    expect(signature).toBe('5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });

  it('reads no claims from a request without authentication', () => {
    expect(readSignatureClaims({ method: 'GET', rawPath: '/', rawQuery: '', headers: {} })).toBeNull();
  });

  it('explains a malformed Authorization header', () => {
    const bad = { ...docsExample, headers: { ...docsExample.headers, authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1' } };
    expect(() => readSignatureClaims(bad)).toThrow(SignatureFormatError);
    const basic = { ...docsExample, headers: { ...docsExample.headers, authorization: 'Basic Zm9vOmJhcg==' } };
    expect(() => readSignatureClaims(basic)).toThrow(/only AWS4-HMAC-SHA256/);
  });

  it('rejects presigned URLs valid for more than 7 days', () => {
    const query = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=604801&X-Amz-SignedHeaders=host&X-Amz-Signature=00';
    expect(() => readSignatureClaims({ method: 'GET', rawPath: '/b/k', rawQuery: query, headers: { host: 'x' } })).toThrow(/604800/);
  });
});
