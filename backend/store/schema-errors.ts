/** A database migrated by a newer build: refusing beats running against tables this build does not know. */
export function newerSchemaError(current: number, known: number): Error {
  return new Error(
    `The database was created by a newer backend (schema ${current}, this build knows ${known}); run the newer backend or restore a backup.`,
  );
}
