import { describe, expect, it } from 'vitest';
import { repeatedAmbiguity } from '../../detection/config/repeatedAmbiguity.js';

describe('repeatedAmbiguity: loader name patterns that could backtrack exponentially', () => {
  it.each([
    ['^(a+)+b$', '(a+)+'],
    ['(\\w*)*', '(\\w*)*'],
    ['^(a|aa)+$', '(a|aa)+'],
    ['(?:a+){2,}', '(?:a+){2,}'],
    ['^(?<prefix>[a-z]*)+Loader$', '(?<prefix>[a-z]*)+'],
    ['(a{1,3})*x', '(a{1,3})*'],
    ['^(\\p{L}+)+$', '(\\p{L}+)+'],
    ['^((ab)+c)+$', '((ab)+c)+'],
    ['^(a+?)+?b', '(a+?)+?'],
  ])('finds the repeated group of %s', (source, group) => {
    expect(() => new RegExp(source, 'u')).not.toThrow();
    expect(repeatedAmbiguity(source)).toBe(group);
  });

  it.each([
    '^batch',
    'Loader$',
    '^(load|batch)[A-Z]',
    '^(?:get|load)?User(s)?$',
    '(ab)+',
    '(a+)?',
    '(a{2})+',
    '(a+){3}',
    '[(]+a+',
    '\\(+a+\\)+',
    '[a-z]+[A-Z]\\w*Loader',
    '^(?=batch)\\w+$',
  ])('accepts %s', (source) => {
    expect(() => new RegExp(source, 'u')).not.toThrow();
    expect(repeatedAmbiguity(source)).toBeUndefined();
  });
});
