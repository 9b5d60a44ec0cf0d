/** The fields named in an `x-degraded-fields` header (comma-separated; repeated headers joined); none without it. */
export function degradedFields(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return (Array.isArray(header) ? header.join(',') : header).split(',').map((field) => field.trim()).filter((field) => field !== '');
}
