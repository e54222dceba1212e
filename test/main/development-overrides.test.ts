import { describe, expect, it } from 'vitest';
import { developmentOverrides } from '../../main/development-overrides';

const env = { S3DESK_AWS_ENDPOINT: 'http://127.0.0.1:4566', S3DESK_BACKEND_URL: 'http://127.0.0.1:8787', ELECTRON_RENDERER_URL: 'http://localhost:5173' };

describe('developmentOverrides', () => {
  it('development: the local stack and the dev server, as the variables say', () => {
    expect(developmentOverrides(env, false)).toEqual({
      awsEndpoint: 'http://127.0.0.1:4566',
      backendUrl: 'http://127.0.0.1:8787',
      rendererUrl: 'http://localhost:5173',
    });
    expect(developmentOverrides({ S3DESK_AWS_ENDPOINT: '' }, false)).toEqual({ awsEndpoint: undefined, backendUrl: null, rendererUrl: undefined });
  });

  it('packaged: every variable ignored, so nothing in the environment can redirect tokens or S3 traffic', () => {
    expect(developmentOverrides(env, true)).toEqual({ awsEndpoint: undefined, backendUrl: null, rendererUrl: undefined });
  });
});
