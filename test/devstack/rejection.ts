/** Awaits a call that must fail and returns what the SDK reported, for compact assertions. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    return {
      name: (error as Error).name,
      message: (error as Error).message,
      status: (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
    };
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}
