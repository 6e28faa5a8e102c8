/**
 * Reads the example app's configuration without code edits: for every option of the registry
 * (src/core/option-registry.ts), its environment variable first, then its key in cdktf.json's
 * `context.quartic` (the `accessLogging.*` keys nested in `context.quartic.accessLogging`). The raw value
 * goes through the registry's parser of its kind, then the library's validation.
 */
import { QuarticS3IntegrationOptions, Problem, ruleProblem, Surface, validateOptions, Warning } from '../src';
import { OPTION_SPECS, parseOption } from '../src/core/option-registry';
import { inputSurface, NamedSetting, readSetting, Source } from './inputs';
import { STATE_SETTINGS } from './state';

/** Every setting of the example app: the options of the registry, then where the state lives. */
export const EXAMPLE_SETTINGS: readonly NamedSetting[] = [
  ...OPTION_SPECS,
  ...STATE_SETTINGS.map((s) => ({ env: s.env, field: `state.${s.field}` })),
];

/** The surface the example app reports with: each field named by the variable or context key that set it. */
export function exampleSurface(env: NodeJS.ProcessEnv, context: unknown): Surface {
  return inputSurface(EXAMPLE_SETTINGS, env, context);
}

/** Clearly labelled example values used when nothing is configured. */
export const EXAMPLE_OPTIONS: QuarticS3IntegrationOptions = {
  bucketName: 'quartic-data-example',
  region: 'eu-west-2',
  externalId: 'EXAMPLE-external-id-from-quartic',
};

export interface LoadedConfig {
  readonly options: QuarticS3IntegrationOptions;
  /** `example` when nothing was configured and the example values are used. */
  readonly source: 'environment' | 'context' | 'environment+context' | 'example';
  readonly problems: readonly Problem[];
  readonly warnings: readonly Warning[];
}

/** Sets a field of the options: a prop, or a key of the object a dotted field names. */
function setField(options: Record<string, unknown>, field: string, value: unknown): void {
  const [top, inner] = field.split('.') as [string, string | undefined];
  options[top] = inner === undefined ? value : { ...(options[top] as object | undefined), [inner]: value };
}

/**
 * Builds the options from environment variables and cdktf.json context, then runs the library's
 * validation, so parsing problems and rule problems are reported together.
 */
export function loadConfig(env: NodeJS.ProcessEnv, context: unknown): LoadedConfig {
  const options: Record<string, unknown> = {};
  const problems: Problem[] = [];
  const sources = new Set<Source>();
  for (const spec of OPTION_SPECS) {
    const input = readSetting(env, context, spec);
    if (input === undefined) continue;
    sources.add(input.source);
    const parsed = parseOption(spec.field, input.raw);
    if ('ruleId' in parsed) {
      problems.push(
        ruleProblem(parsed.ruleId, spec.field, input.raw, JSON.stringify(spec.example), parsed.facts),
      );
    } else setField(options, spec.field, parsed.value);
  }
  if (sources.size === 0) {
    const { warnings } = validateOptions(EXAMPLE_OPTIONS);
    return { options: EXAMPLE_OPTIONS, source: 'example', problems: [], warnings };
  }
  const built = options as unknown as QuarticS3IntegrationOptions;
  const result = validateOptions(built);
  const source = sources.size === 2 ? 'environment+context' : ([...sources][0] as Source);
  return { options: built, source, problems: [...problems, ...result.problems], warnings: result.warnings };
}
