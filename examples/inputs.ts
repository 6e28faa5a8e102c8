/**
 * How the example app reads a setting and names it: the environment variable first, then the key under
 * cdktf.json's `context.quartic` (a dotted field is a nested key: `accessLogging.targetBucket`,
 * `state.bucket`). A message names the setting the way it was given: `QUARTIC_BUCKET_NAME (bucketName)`
 * when it came from the environment (or was not given at all), `` `context.quartic.bucketName` `` when it
 * came from cdktf.json. Problems stay data; `inputSurface` is the example app's `Surface` for rendering them.
 */
import { CONSTRUCT_SURFACE, Surface } from '../src';

/** A setting as the example app names it: its variable and its context key (a dotted path). */
export interface NamedSetting {
  readonly env: string;
  readonly field: string;
}

/** Where a setting's value came from. */
export type Source = 'environment' | 'context';

export interface Input {
  readonly raw: unknown;
  readonly source: Source;
}

/** The value at a dotted path of the context object, if there is one. */
function contextValue(context: unknown, field: string): unknown {
  return field
    .split('.')
    .reduce<unknown>(
      (v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined),
      context,
    );
}

/** The raw value of a setting and where it came from; an empty variable counts as unset. */
export function readSetting(env: NodeJS.ProcessEnv, context: unknown, s: NamedSetting): Input | undefined {
  const fromEnv = env[s.env];
  if (fromEnv !== undefined && fromEnv !== '') return { raw: fromEnv, source: 'environment' };
  const fromContext = contextValue(context, s.field);
  return fromContext === undefined ? undefined : { raw: fromContext, source: 'context' };
}

/**
 * The surface that names each field by the input that set it. A field below a setting (`tags.team`) is
 * named like the setting's source; a field above several (`accessLogging`, `state`) is its context key
 * when it came from cdktf.json, else the variables of those that were given (all of them when none was);
 * a field that is no setting keeps the construct's form.
 */
export function inputSurface(
  settings: readonly NamedSetting[],
  env: NodeJS.ProcessEnv,
  context: unknown,
): Surface {
  const sourceOf = (s: NamedSetting) => readSetting(env, context, s)?.source;
  const labelOf = (s: NamedSetting, field: string) =>
    sourceOf(s) === 'context' ? `\`context.quartic.${field}\`` : `${s.env} (${field})`;
  return {
    label: (field) => {
      const own =
        settings.find((s) => s.field === field) ?? settings.find((s) => field.startsWith(`${s.field}.`));
      if (own !== undefined) return labelOf(own, field);
      const covered = settings.filter((s) => s.field.startsWith(`${field}.`));
      if (covered.length === 0) return CONSTRUCT_SURFACE.label(field);
      const given = covered.filter((s) => sourceOf(s) !== undefined);
      const inContext =
        given.length > 0
          ? given.every((s) => sourceOf(s) === 'context')
          : contextValue(context, field) !== undefined;
      if (inContext) return `\`context.quartic.${field}\``;
      return (given.length > 0 ? given : covered).map((s) => labelOf(s, s.field)).join(' and ');
    },
    setting: (field, value) => {
      const s = settings.find((candidate) => candidate.field === field);
      if (s === undefined) return CONSTRUCT_SURFACE.setting(field, value);
      return sourceOf(s) === 'context'
        ? `\`context.quartic.${field}: ${JSON.stringify(value)}\``
        : `${s.env}=${String(value)}`;
    },
  };
}
