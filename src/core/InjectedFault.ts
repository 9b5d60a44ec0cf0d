/** A fault forced onto a dependency by `field-dependency/testing`; the loader is not called. */
export type InjectedFault =
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'hang' }
  | { readonly kind: 'invalid'; readonly value: unknown };
