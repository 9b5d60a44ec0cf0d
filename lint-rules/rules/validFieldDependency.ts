import { VALID_MESSAGES } from '../../detection/index.js';
import { createDetectionRule } from '../createDetectionRule.js';

/**
 * `field-dependency/valid-field-dependency`: `fieldDependency(type, options)` calls with an invalid owner
 * literal, no owner or an invalid type, and `field-dependency-ignore` comments without a reason.
 */
export const validFieldDependency = createDetectionRule({ name: 'valid-field-dependency', messages: VALID_MESSAGES });
