import { REQUIRE_MESSAGES } from '../../detection/index.js';
import { createDetectionRule } from '../createDetectionRule.js';

/**
 * `field-dependency/require-field-dependency`: every loader (a DataLoader batch function, or a configured
 * loader) must be wrapped with `fieldDependency`; suggests wrapping it.
 */
export const requireFieldDependency = createDetectionRule({ name: 'require-field-dependency', messages: REQUIRE_MESSAGES, hasSuggestions: true });
