import { InMemoryProvider, OpenFeature, type Client } from '@openfeature/server-sdk';

let domains = 0;

/** A real OpenFeature client over the SDK's in-memory provider, in a domain of its own (tests do not share providers). */
export async function inMemoryDeciders(flags: Record<string, unknown>): Promise<{ client: Client; provider: InMemoryProvider; put(next: Record<string, unknown>): void }> {
  const provider = new InMemoryProvider(flagConfiguration(flags));
  const domain = `deciders-test-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  return { client: OpenFeature.getClient(domain), provider, put: (next) => provider.putConfiguration(flagConfiguration(next)) };
}

/** In-memory flag definitions with one variant, `value`, per flag. */
export function flagConfiguration(flags: Record<string, unknown>): NonNullable<ConstructorParameters<typeof InMemoryProvider>[0]> {
  return Object.fromEntries(
    Object.entries(flags).map(([key, value]) => [key, { variants: { value }, defaultVariant: 'value', disabled: false }]),
  ) as NonNullable<ConstructorParameters<typeof InMemoryProvider>[0]>;
}
