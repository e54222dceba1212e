/** POST /v1/auth/refresh as anyone holding the token could: the status and, on success, the rotated token. */
export async function refreshAsThief(backendUrl: string, refreshToken: string): Promise<{ status: number; refreshToken: string | null }> {
  const reply = await fetch(`${backendUrl}/v1/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  const body = (await reply.json()) as { refreshToken?: string };
  return { status: reply.status, refreshToken: reply.ok ? (body.refreshToken ?? null) : null };
}

/**
 * A thief uses a copied refresh token and keeps going: once its successor has
 * been used, the owner's copy is no longer a retry after a lost answer (the
 * backend's grace window) but plain re-use. Returns the thief's newest token.
 */
export async function stealAndMoveOn(backendUrl: string, stolen: string): Promise<string> {
  const theft = await refreshAsThief(backendUrl, stolen);
  if (theft.status !== 200 || !theft.refreshToken) throw new Error(`the stolen token was refused (${theft.status})`);
  const onward = await refreshAsThief(backendUrl, theft.refreshToken);
  if (onward.status !== 200 || !onward.refreshToken) throw new Error(`the thief's successor was refused (${onward.status})`);
  return onward.refreshToken;
}
