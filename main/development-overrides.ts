/**
 * Environment variables that point S3 Desk at development services. A
 * packaged build ignores them all: set by anything that runs as the user,
 * they would send the OpenID token and every S3 request elsewhere.
 */
export interface DevelopmentOverrides {
  /** S3DESK_AWS_ENDPOINT: one endpoint for Cognito Identity and S3 (the local stack). */
  awsEndpoint: string | undefined;
  /** S3DESK_BACKEND_URL: the backend address suggested to a first sign-in. */
  backendUrl: string | null;
  /** ELECTRON_RENDERER_URL: electron-vite's dev server. */
  rendererUrl: string | undefined;
}

export function developmentOverrides(env: NodeJS.ProcessEnv, packaged: boolean): DevelopmentOverrides {
  if (packaged) return { awsEndpoint: undefined, backendUrl: null, rendererUrl: undefined };
  return {
    awsEndpoint: env.S3DESK_AWS_ENDPOINT || undefined,
    backendUrl: env.S3DESK_BACKEND_URL || null,
    rendererUrl: env.ELECTRON_RENDERER_URL || undefined,
  };
}
