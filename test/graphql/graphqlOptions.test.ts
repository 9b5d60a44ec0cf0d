/** The GraphQL integrations' options: validation messages and the operation name → `endpoint` label rule. */
import { describe, expect, it } from 'vitest';
import { fieldDependencyApolloPlugin, fieldDependencyMercurius, useFieldDependency } from 'field-dependency/graphql';
import { endpointOfOperation } from '../../src/graphql/operationEndpoint.js';

describe('operation name → endpoint', () => {
  it('counts unnamed operations as anonymous, and every name as itself without an allowlist', () => {
    const endpointOf = endpointOfOperation('test', undefined);
    expect([endpointOf(undefined), endpointOf(null), endpointOf(''), endpointOf('PinPage')]).toEqual(['anonymous', 'anonymous', 'anonymous', 'PinPage']);
  });

  it('counts a name the predicate refuses, answers with a non-boolean, or throws on as __other__, warning once', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const endpointOf = endpointOfOperation('useFieldDependency', (name) => {
        if (name === 'Boom') throw new Error('bad predicate');
        return (name === 'Truthy' ? 1 : name === 'PinPage') as boolean;
      });

      expect(['PinPage', 'Other', 'Truthy', 'Boom', 'Boom'].map(endpointOf)).toEqual(['PinPage', '__other__', '__other__', '__other__', '__other__']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual(["useFieldDependency: the `operationNames` predicate threw (Error: bad predicate); counting the operation as '__other__'"]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('options validation', () => {
  it.each([
    ['useFieldDependency', useFieldDependency],
    ['fieldDependencyApolloPlugin', fieldDependencyApolloPlugin],
    ['fieldDependencyMercurius', fieldDependencyMercurius],
  ] as const)('%s names the bad option, what it expects and what it got', (name, create) => {
    expect(() => create('yes' as never)).toThrow(`${name}: the options must be an object such as { operationNames: ['PinPage'] }; received "yes"`);
    expect(() => create({ operationNames: ['PinPage', ''] })).toThrow(`${name}: option \`operationNames\` must be an array of operation names or a predicate`);
    expect(() => create({ exposeDegradedFields: 1 as never })).toThrow(`${name}: option \`exposeDegradedFields\` must be a boolean; received number 1`);
    expect(() => create({ header: 'x degraded' })).toThrow(`${name}: option \`header\` must be a valid header name or false; received "x degraded"`);
    expect(() => create({ header: false, exposeDegradedFields: false, operationNames: (operation) => operation === 'A' })).not.toThrow();
  });
});
