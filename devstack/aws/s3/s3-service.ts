import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import type { BodyCut } from '../faults';
import type { IdentityStore } from '../cognito/identity-store';
import type { IdentityPool } from '../cognito/identity-pools';
import { evaluatePolicy } from '../policy';
import type { SignedRequest } from '../sigv4';
import { authenticateS3 } from './authenticate';
import { deleteObjects, getBucketLocation, headBucket, listBuckets, listObjectsV2 } from './bucket-handlers';
import type { S3Context } from './context';
import { S3Error, s3Errors } from './errors';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart } from './multipart-handlers';
import type { MultipartStore } from './multipart-store';
import { copyObject } from './copy-object';
import { deleteObject, getObject, putObject } from './object-handlers';
import type { ObjectStore } from './object-store';
import { restoreObject } from './restore-object';
import { accessChecksFor, routeS3Request, type S3Operation, type S3Route } from './routes';
import { uploadPartCopy } from './upload-part-copy';

const HANDLERS: Record<S3Operation, (ctx: S3Context) => void | Promise<void>> = {
  ListBuckets: listBuckets,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  ListObjectsV2: listObjectsV2,
  ListMultipartUploads: listMultipartUploads,
  DeleteObjects: deleteObjects,
  GetObject: (ctx) => getObject(ctx, false),
  HeadObject: (ctx) => getObject(ctx, true),
  PutObject: putObject,
  CopyObject: copyObject,
  RestoreObject: restoreObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};

export class S3Service {
  constructor(
    private readonly deps: {
      clock: Clock;
      region: string;
      objects: ObjectStore;
      uploads: MultipartStore;
      identities: IdentityStore;
      pools: Map<string, IdentityPool>;
      restoreDelaySeconds(): number;
    },
  ) {}

  /**
   * The operation a request asks for. What the emulator does not implement is
   * said only to an authenticated caller: as in S3, an anonymous or wrongly
   * signed request hears about its authentication first.
   */
  route(req: IncomingMessage, signed: SignedRequest): S3Route {
    try {
      return routeS3Request(req.method ?? 'GET', signed.rawPath, signed.rawQuery, req.headers);
    } catch (error) {
      if (error instanceof S3Error && error.code === 'NotImplemented') this.authenticate(req, signed);
      throw error;
    }
  }

  private authenticate(req: IncomingMessage, signed: SignedRequest): ReturnType<typeof authenticateS3> {
    const { clock, region, identities } = this.deps;
    return authenticateS3(req, signed, identities, clock, region);
  }

  /** `cutBody`: an injected fault that cuts a GetObject body short. */
  async handle(req: IncomingMessage, res: ServerResponse, signed: SignedRequest, route: S3Route, cutBody?: BodyCut): Promise<void> {
    const { clock, region, objects, uploads, pools, restoreDelaySeconds } = this.deps;
    const { caller, payloadHash } = this.authenticate(req, signed);
    const policy = pools.get(caller.poolId)?.authenticatedPolicy;
    const variables = {
      'cognito-identity.amazonaws.com:sub': caller.identityId,
      'cognito-identity.amazonaws.com:aud': caller.poolId,
    };
    const ctx: S3Context = {
      req,
      res,
      route,
      payloadHash,
      caller,
      now: clock.now(),
      region,
      objects,
      uploads,
      isAllowed: (check) => policy !== undefined && evaluatePolicy(policy, check, variables) === 'Allow',
      restoreDelaySeconds: restoreDelaySeconds(),
      cutBody,
    };
    for (const check of accessChecksFor(route)) {
      if (!ctx.isAllowed(check)) throw s3Errors.accessDenied();
    }
    await HANDLERS[route.operation](ctx);
  }
}
