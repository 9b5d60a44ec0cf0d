import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './ConfigError.js';
import { CONFIG_FILE_NAME, PACKAGE_JSON_KEY } from './FieldDependencyConfig.js';
import { defaultLoaderCriteria, type LoaderCriteria } from './LoaderCriteria.js';
import { parseConfig } from './parseConfig.js';

/**
 * Finds the configuration that applies to a source file: walking up from its directory, the first
 * `field-dependency.config.json`, or else the `fieldDependency` key of the nearest `package.json` (the
 * package boundary: the search stops there, key or not). Both front ends resolve configuration per file
 * this way, so they always agree. Results are cached per directory.
 */
export class ConfigResolver {
  readonly #byDirectory = new Map<string, LoaderCriteria>();

  /** The loader criteria for a source file. @throws ConfigError when the configuration found is invalid. */
  criteriaForFile(fileName: string): LoaderCriteria {
    return this.criteriaForDirectory(path.dirname(path.resolve(fileName)));
  }

  /** The loader criteria for files in `directory`. @throws ConfigError when the configuration found is invalid. */
  criteriaForDirectory(directory: string): LoaderCriteria {
    const cached = this.#byDirectory.get(directory);
    if (cached !== undefined) return cached;
    const criteria = this.#lookUp(directory);
    this.#byDirectory.set(directory, criteria);
    return criteria;
  }

  #lookUp(directory: string): LoaderCriteria {
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
        ? defaultLoaderCriteria(directory)
        : parseConfig(packageConfig, packageFile, PACKAGE_JSON_KEY, directory);
    }
    const parent = path.dirname(directory);
    return parent === directory ? defaultLoaderCriteria(directory) : this.criteriaForDirectory(parent);
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
