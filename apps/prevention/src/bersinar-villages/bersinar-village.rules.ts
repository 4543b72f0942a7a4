export interface ExistingDesignation {
  id: string;
  designatedOn: string;
}

/** A village enters the Bersinar programme once; a second designation is a duplicate, not an update. */
export function designationProblem(existing: ExistingDesignation | undefined, regionCode: string): string | undefined {
  return existing ? `village ${regionCode} was already designated Bersinar on ${existing.designatedOn}` : undefined;
}
