import { parseQuery } from '../sigv4';
import { s3Errors } from './errors';

export type S3Operation =
  | 'ListBuckets'
  | 'HeadBucket'
  | 'GetBucketLocation'
  | 'ListObjectsV2'
  | 'ListMultipartUploads'
  | 'DeleteObjects'
  | 'GetObject'
  | 'HeadObject'
  | 'PutObject'
  | 'CopyObject'
  | 'RestoreObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts';

export interface S3Route {
  operation: S3Operation;
  bucket: string;
  key: string;
  query: Map<string, string>;
}

/**
 * Path-style addressing: /<bucket>/<key>. The key is the rest of the path,
 * percent-decoded once and otherwise untouched ('../' and '//' included),
 * which is what S3 does.
 */
export function routeS3Request(method: string, rawPath: string, rawQuery: string, headers: Record<string, unknown>): S3Route {
  const query = new Map(parseQuery(rawQuery));
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  const slash = path.indexOf('/');
  const bucket = decode(slash === -1 ? path : path.slice(0, slash));
  const key = slash === -1 ? '' : decode(path.slice(slash + 1));
  const has = (name: string) => query.has(name);

  if (bucket === '') {
    if (method === 'GET') return { operation: 'ListBuckets', bucket, key, query };
    throw s3Errors.methodNotAllowed();
  }
  if (key === '') {
    switch (method) {
      case 'HEAD':
        return { operation: 'HeadBucket', bucket, key, query };
      case 'GET':
        if (query.get('list-type') === '2') return { operation: 'ListObjectsV2', bucket, key, query };
        if (has('uploads')) return { operation: 'ListMultipartUploads', bucket, key, query };
        if (has('location')) return { operation: 'GetBucketLocation', bucket, key, query };
        if (query.size === 0 || has('prefix') || has('delimiter') || has('marker')) {
          throw s3Errors.notImplemented('ListObjects (version 1)', 'Only ListObjectsV2 (list-type=2) is emulated: use it instead.');
        }
        throw s3Errors.notImplemented(`The bucket subresource '${[...query.keys()].join(', ')}'`);
      case 'POST':
        if (has('delete')) return { operation: 'DeleteObjects', bucket, key, query };
        throw s3Errors.methodNotAllowed();
      case 'PUT':
        throw s3Errors.notImplemented('Creating or configuring buckets (the local stack seeds its buckets)');
      default:
        throw s3Errors.methodNotAllowed();
    }
  }
  switch (method) {
    case 'GET':
      if (has('uploadId')) return { operation: 'ListParts', bucket, key, query };
      if (has('acl') || has('tagging') || has('attributes') || has('torrent')) {
        throw s3Errors.notImplemented(`The object subresource '${[...query.keys()].join(', ')}'`);
      }
      return { operation: 'GetObject', bucket, key, query };
    case 'HEAD':
      return { operation: 'HeadObject', bucket, key, query };
    case 'PUT':
      if (has('uploadId') || has('partNumber')) {
        if (headers['x-amz-copy-source'] !== undefined) return { operation: 'UploadPartCopy', bucket, key, query };
        return { operation: 'UploadPart', bucket, key, query };
      }
      if (has('acl') || has('tagging')) throw s3Errors.notImplemented(`The object subresource '${[...query.keys()].join(', ')}'`);
      if (headers['x-amz-copy-source'] !== undefined) return { operation: 'CopyObject', bucket, key, query };
      return { operation: 'PutObject', bucket, key, query };
    case 'POST':
      if (has('uploads')) return { operation: 'CreateMultipartUpload', bucket, key, query };
      if (has('uploadId')) return { operation: 'CompleteMultipartUpload', bucket, key, query };
      if (has('restore')) return { operation: 'RestoreObject', bucket, key, query };
      throw s3Errors.methodNotAllowed();
    case 'DELETE':
      if (has('uploadId')) return { operation: 'AbortMultipartUpload', bucket, key, query };
      return { operation: 'DeleteObject', bucket, key, query };
    default:
      throw s3Errors.methodNotAllowed();
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw s3Errors.invalidArgument('The request path is not valid percent-encoded UTF-8.');
  }
}

export interface AccessCheck {
  action: string;
  resource: string;
  context?: Record<string, string | undefined>;
}

/**
 * The IAM action and resource S3 checks for each operation. DeleteObjects
 * checks each key inside; CopyObject and UploadPartCopy check here that the
 * caller may write the destination, and inside that it may read the source.
 */
export function accessChecksFor(route: S3Route): AccessCheck[] {
  const bucketArn = `arn:aws:s3:::${route.bucket}`;
  const objectArn = `${bucketArn}/${route.key}`;
  switch (route.operation) {
    case 'ListBuckets':
      return [{ action: 's3:ListAllMyBuckets', resource: 'arn:aws:s3:::*' }];
    case 'HeadBucket':
      return [{ action: 's3:ListBucket', resource: bucketArn }];
    case 'GetBucketLocation':
      return [{ action: 's3:GetBucketLocation', resource: bucketArn }];
    case 'ListObjectsV2':
      return [
        {
          action: 's3:ListBucket',
          resource: bucketArn,
          context: {
            's3:prefix': route.query.get('prefix') ?? '',
            's3:delimiter': route.query.get('delimiter'),
            's3:max-keys': route.query.get('max-keys'),
          },
        },
      ];
    case 'ListMultipartUploads':
      return [{ action: 's3:ListBucketMultipartUploads', resource: bucketArn }];
    case 'DeleteObjects':
      return [];
    case 'GetObject':
    case 'HeadObject':
      return [{ action: 's3:GetObject', resource: objectArn }];
    case 'ListParts':
      return [{ action: 's3:ListMultipartUploadParts', resource: objectArn }];
    case 'PutObject':
    case 'CopyObject':
    case 'CreateMultipartUpload':
    case 'UploadPart':
    case 'UploadPartCopy':
    case 'CompleteMultipartUpload':
      return [{ action: 's3:PutObject', resource: objectArn }];
    case 'RestoreObject':
      return [{ action: 's3:RestoreObject', resource: objectArn }];
    case 'AbortMultipartUpload':
      return [{ action: 's3:AbortMultipartUpload', resource: objectArn }];
    case 'DeleteObject':
      return [{ action: 's3:DeleteObject', resource: objectArn }];
  }
}
