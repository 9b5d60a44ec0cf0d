import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './ConfigError.js';
import { CONFIG_FILE_NAME, PACKAGE_JSON_KEY } from './FieldDependencyConfig.js';
import { defaultLoaderRules, type LoaderRules } from './LoaderRules.js';
import { parseConfig } from './parseConfig.js';

/**
 * Finds the configuration that applies to a source file: walking up from its directory, the first
 * `field-dependency.config.json`, or else the `fieldDependency` key of the nearest `package.json` (the
 * package boundary: the search stops there, key or not). Both front ends resolve configuration per file
 * this way, so they always agree. Results are cached per directory.
 */
export class ConfigResolver {
  readonly #byDirectory = new Map<string, LoaderRules>();

  /** The rules for a source file. @throws ConfigError when the configuration found is invalid. */
  rulesForFile(fileName: string): LoaderRules {
    return this.rulesForDirectory(path.dirname(path.resolve(fileName)));
  }

  /** The rules for files in `directory`. @throws ConfigError when the configuration found is invalid. */
  rulesForDirectory(directory: string): LoaderRules {
    const cached = this.#byDirectory.get(directory);
    if (cached !== undefined) return cached;
    const rules = this.#lookUp(directory);
    this.#byDirectory.set(directory, rules);
    return rules;
  }

  #lookUp(directory: string): LoaderRules {
    const configFile = path.join(directory, CONFIG_FILE_NAME);
    const packageFile = path.join(directory, 'package.json');
    const packageJson = fs.existsSync(packageFile) ? readJson(packageFile) : undefined;
    const packageConfig = isRecord(packageJson) ? packageJson[PACKAGE_JSON_KEY] : undefined;
    if (fs.existsSync(configFile)) {
      if (packageConfig !== undefined) {
        throw new ConfigError(
          packageFile,
          PACKAGE_JSON_KEY,
          `conflicts with ${configFile}; keep the configuration in one of the two`,
        );
      }
      return parseConfig(readJson(configFile), configFile, '', directory);
    }
    if (packageJson !== undefined) {
      return packageConfig === undefined
        ? defaultLoaderRules(directory)
        : parseConfig(packageConfig, packageFile, PACKAGE_JSON_KEY, directory);
    }
    const parent = path.dirname(directory);
    return parent === directory ? defaultLoaderRules(directory) : this.rulesForDirectory(parent);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new ConfigError(file, '', `cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
