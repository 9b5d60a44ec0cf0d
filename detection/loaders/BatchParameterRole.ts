/**
 * How a loader factory's parameter reaches DataLoader: `batch` when it becomes the batch function itself
 * (`new DataLoader(p)`, `super(p)`, `new Subclass(p)`, or another factory's batch parameter), `called` when
 * the factory's batch function calls it and awaits what it answers (`async ids => normalize(ids, await p(ids))`):
 * then it answers what it fetches, not one value per key.
 */
export type BatchParameterRole = 'batch' | 'called';
