/**
 * The reader's values, typed once in the configurator and used by every snippet on every page. They live
 * in a React context mounted at the site root (so they survive client-side navigation), are saved in
 * localStorage (so they survive a reload), and can be prefilled from the URL, one parameter per guide
 * field of the option registry, named as the field (`?bucketName=...&externalId=...`).
 *
 * A link is a suggestion, not a write: its values are shown with a notice until the reader confirms or
 * edits them, and only then saved. Only values that pass the library's validation are ever saved, and
 * snippets are rendered only from those (`renderable`).
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
import { Problem, validateOptions, ValidationResult } from '../../../src/core/validation';
import {
  DEFAULT_VALUES,
  GUIDE_FIELDS,
  GuideField,
  GuideValues,
  mergeValues,
  PLACEHOLDERS,
  renderableValues,
  snippetOptions,
  snippetProblems,
  toOptions,
  TOOL_GROUP,
  valuesFromQuery,
} from '../guide/values';

export const STORAGE_KEY = 'quartic-s3-guide-values';
/** Docusaurus' storage slot of the tool tab group; a `?tool=` link writes it too, so the choice follows. */
const TOOL_STORAGE_KEY = `docusaurus.tab.${TOOL_GROUP}`;

interface GuideValuesContext {
  readonly values: GuideValues;
  readonly setValue: (field: GuideField, value: string) => void;
  readonly reset: () => void;
  /** What the library says about the values exactly as typed (the configurator shows it). */
  readonly validation: ValidationResult;
  /** The values snippets are rendered from; undefined while any value is invalid. */
  readonly renderable: GuideValues | undefined;
  /** Why snippets are not rendered (empty when `renderable` is set). */
  readonly snippetProblems: readonly Problem[];
  /** The fields a link prefilled and the reader has not yet confirmed; empty when none. */
  readonly fromLink: readonly GuideField[];
  /** Takes the link's values as the reader's own (saves them when they are valid). */
  readonly confirmLink: () => void;
  /** Drops the link's values and goes back to the saved ones. */
  readonly discardLink: () => void;
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

/** Drops the guide's fields from the address bar (other parameters, such as `?tool=`, stay). */
function dropLinkValuesFromUrl(): void {
  const params = new URLSearchParams(window.location.search);
  for (const field of GUIDE_FIELDS) params.delete(field);
  const query = params.toString();
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`,
  );
}

export function GuideValuesProvider({ children }: { children: React.ReactNode }): React.ReactElement {
  const [values, setValues] = useState<GuideValues>(DEFAULT_VALUES);
  const [saved, setSaved] = useState<GuideValues>(DEFAULT_VALUES);
  const [fromLink, setFromLink] = useState<readonly GuideField[]>([]);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const tool = new URLSearchParams(window.location.search).get('tool');
    if (tool !== null) createStorageSlot(TOOL_STORAGE_KEY).set(tool);
    const fromUrl = valuesFromQuery(window.location.search);
    // A stored value that no longer passes validation (an older site, a hand-edited entry) is not used.
    const storedValues = mergeValues(DEFAULT_VALUES, readStored());
    const stored = renderableValues(storedValues) ?? DEFAULT_VALUES;
    const merged = mergeValues(stored, fromUrl);
    const linked = GUIDE_FIELDS.filter((field) => merged[field] !== stored[field]);
    // A transition: React renders the snippets for stored values in slices that yield to input, instead
    // of one long task right after hydration (which Lighthouse counts as blocking time). With nothing
    // stored, `merged` is DEFAULT_VALUES itself (mergeValues keeps identity), so nothing re-renders.
    startTransition(() => {
      setSaved(stored);
      setValues(merged);
      setFromLink(linked);
      setLoaded(true);
    });
    // A link that changes nothing needs no confirmation.
    if (Object.keys(fromUrl).length > 0 && linked.length === 0) dropLinkValuesFromUrl();
  }, []);

  // Saves the values once the reader owns them (no unconfirmed link values) and they are valid.
  useEffect(() => {
    if (!loaded || fromLink.length > 0 || renderableValues(values) === undefined) return;
    setSaved(values);
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(values));
    } catch {
      // Storage can be disabled; values then last for this visit only.
    }
  }, [values, loaded, fromLink]);

  // Editing a value takes the link's values as the reader's own.
  const setValue = useCallback((field: GuideField, value: string) => {
    setValues((v) => mergeValues(v, { [field]: value }));
    setFromLink((linked) => {
      if (linked.length > 0) dropLinkValuesFromUrl();
      return [];
    });
  }, []);
  const reset = useCallback(() => {
    setValues(DEFAULT_VALUES);
    setFromLink([]);
  }, []);
  const confirmLink = useCallback(() => {
    dropLinkValuesFromUrl();
    setFromLink([]);
  }, []);
  const discardLink = useCallback(() => {
    dropLinkValuesFromUrl();
    setValues(saved);
    setFromLink([]);
  }, [saved]);

  const context = useMemo<GuideValuesContext>(() => {
    const problems = snippetProblems(values);
    return {
      values,
      setValue,
      reset,
      validation: validateOptions(toOptions(values)),
      renderable: problems.length === 0 ? values : undefined,
      snippetProblems: problems,
      fromLink,
      confirmLink,
      discardLink,
    };
  }, [values, setValue, reset, fromLink, confirmLink, discardLink]);

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

/** One of the reader's values inline, e.g. <V k="bucketName" />; a placeholder while any value is invalid. */
export function V({ k }: { k: GuideField | 'roleArn' | 'bucketArn' | 'objectsArn' }): React.ReactElement {
  const { renderable } = useGuideValues();
  const o: Readonly<Record<GuideField, string>> =
    renderable === undefined ? PLACEHOLDERS : snippetOptions(renderable);
  const text =
    k === 'roleArn'
      ? `arn:aws:iam::<your-account-id>:role/${o.roleName}`
      : k === 'bucketArn'
        ? `arn:aws:s3:::${o.bucketName}`
        : k === 'objectsArn'
          ? `arn:aws:s3:::${o.bucketName}/*`
          : o[k];
  return <code data-guide-value={k}>{text}</code>;
}
