/**
 * The reader's values, typed once in the configurator and used by every snippet on every page. They live
 * in a React context mounted at the site root (so they survive client-side navigation), are saved in
 * localStorage (so they survive a reload), and can be prefilled from the URL
 * (`?bucketName=...&region=...&externalId=...&roleName=...&accessLevel=...&encryption=...`).
 */
import React, {
  createContext,
  startTransition,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { createStorageSlot } from '@docusaurus/theme-common';
import { validateOptions, ValidationResult } from '../../../src/validation';
import { QuarticS3IntegrationOptions } from '../../../src/options';
import {
  DEFAULT_VALUES,
  GUIDE_FIELDS,
  GuideField,
  GuideValues,
  mergeValues,
  snippetOptions,
  toOptions,
  TOOL_GROUP,
  valuesFromQuery,
} from '../guide/snippets';

export const STORAGE_KEY = 'quartic-s3-guide-values';
/** Docusaurus' storage slot of the tool tab group; a `?tool=` link writes it too, so the choice follows. */
const TOOL_STORAGE_KEY = `docusaurus.tab.${TOOL_GROUP}`;

interface GuideValuesContext {
  readonly values: GuideValues;
  readonly setValue: (field: GuideField, value: string) => void;
  readonly reset: () => void;
  /** The options the library validates (exactly as typed). */
  readonly options: QuarticS3IntegrationOptions;
  /** The options snippets are rendered with (placeholder for a missing external ID). */
  readonly snippetOptions: QuarticS3IntegrationOptions;
  readonly validation: ValidationResult;
}

const Context = createContext<GuideValuesContext | null>(null);
/**
 * False during server rendering and the first client render, true once the stored values are applied.
 * A context of its own: only the configurator shows it, so flipping it re-renders no snippet.
 */
const LoadedContext = createContext(false);

function readStored(): unknown {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

export function GuideValuesProvider({ children }: { children: React.ReactNode }): React.ReactElement {
  const [values, setValues] = useState<GuideValues>(DEFAULT_VALUES);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const tool = new URLSearchParams(window.location.search).get('tool');
    if (tool !== null) createStorageSlot(TOOL_STORAGE_KEY).set(tool);
    const fromUrl = valuesFromQuery(window.location.search);
    const merged = mergeValues(mergeValues(DEFAULT_VALUES, readStored()), fromUrl);
    // A transition: React renders the snippets for stored values in slices that yield to input, instead
    // of one long task right after hydration (which Lighthouse counts as blocking time). With nothing
    // stored, `merged` is DEFAULT_VALUES itself (mergeValues keeps identity), so nothing re-renders.
    startTransition(() => {
      setValues(merged);
      setLoaded(true);
    });
    if (Object.keys(fromUrl).length > 0) {
      // The link's values are now saved; drop them from the address bar (keep other parameters).
      const params = new URLSearchParams(window.location.search);
      for (const field of GUIDE_FIELDS) params.delete(field);
      const query = params.toString();
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`,
      );
    }
  }, []);

  useEffect(() => {
    if (!loaded) return;
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(values));
    } catch {
      // Storage can be disabled; values then last for this visit only.
    }
  }, [values, loaded]);

  const setValue = useCallback(
    (field: GuideField, value: string) => setValues((v) => mergeValues(v, { [field]: value })),
    [],
  );
  const reset = useCallback(() => setValues(DEFAULT_VALUES), []);

  const context = useMemo<GuideValuesContext>(() => {
    const options = toOptions(values);
    return {
      values,
      setValue,
      reset,
      options,
      snippetOptions: snippetOptions(values),
      validation: validateOptions(options),
    };
  }, [values, setValue, reset]);

  return (
    <Context.Provider value={context}>
      <LoadedContext.Provider value={loaded}>{children}</LoadedContext.Provider>
    </Context.Provider>
  );
}

export function useGuideValuesLoaded(): boolean {
  return useContext(LoadedContext);
}

export function useGuideValues(): GuideValuesContext {
  const context = useContext(Context);
  if (context === null) throw new Error('useGuideValues outside GuideValuesProvider');
  return context;
}

/** One of the reader's values inline, e.g. <V k="bucketName" />. */
export function V({ k }: { k: GuideField | 'roleArn' | 'bucketArn' | 'objectsArn' }): React.ReactElement {
  const { snippetOptions: o } = useGuideValues();
  const text =
    k === 'roleArn'
      ? `arn:aws:iam::<your-account-id>:role/${o.roleName}`
      : k === 'bucketArn'
        ? `arn:aws:s3:::${o.bucketName}`
        : k === 'objectsArn'
          ? `arn:aws:s3:::${o.bucketName}/*`
          : String((o as unknown as Record<string, string>)[k]);
  return <code data-guide-value={k}>{text}</code>;
}
