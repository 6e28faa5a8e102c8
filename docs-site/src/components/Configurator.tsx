/**
 * The configurator: the reader types their values once; every snippet on every page follows. Its fields,
 * labels, hints and choices are the option registry's guide entries (src/core/option-registry.ts).
 * Validation is the library's own `validateOptions`, and its messages are rendered for the guide's surface
 * (`GUIDE_SURFACE`: each field named by its label), as the construct renders them with the prop names.
 */
import React, { useId, useState } from 'react';
import { OPTION_REGISTRY, OptionSpec } from '../../../src/core/option-registry';
import { COMMERCIAL_REGIONS } from '../../../src/core/regions';
import { renderProblem, renderWarning } from '../../../src/core/validation';
import {
  choicesOf,
  GUIDE_FIELDS,
  GUIDE_SURFACE,
  GuideField,
  guideSpec,
  hintOf,
  queryForValues,
} from '../guide/values';
import { useGuideValues, useGuideValuesLoaded } from './GuideValues';
import styles from './styles.module.css';

/** Values a free-text field suggests as the reader types (a datalist). */
const SUGGESTIONS: Partial<Record<GuideField, readonly string[]>> = { region: COMMERCIAL_REGIONS };

/** One field: a select for a choice, a text input otherwise; its hint and the library's messages below. */
function Field({ field }: { field: GuideField }): React.ReactElement {
  const { values, setValue, validation } = useGuideValues();
  const listId = useId();
  const id = `guide-${field}`;
  const problems = validation.problems.filter((p) => p.field === field);
  const warnings = validation.warnings.filter((w) => w.field === field);
  const hintId = `${id}-hint`;
  const messagesId = `${id}-messages`;
  const choices = choicesOf(field);
  const suggestions = SUGGESTIONS[field];
  const defaultValue = (OPTION_REGISTRY[field] as OptionSpec).defaultValue;
  const common = {
    id,
    value: values[field],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>): void =>
      setValue(field, e.target.value),
    'aria-describedby': `${hintId} ${messagesId}`,
    'aria-invalid': problems.length > 0,
  };
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {guideSpec(field).label}
      </label>
      {choices === undefined ? (
        <>
          <input
            {...common}
            type="text"
            autoComplete="off"
            spellCheck={false}
            list={suggestions === undefined ? undefined : listId}
          />
          {suggestions !== undefined && (
            <datalist id={listId}>
              {suggestions.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          )}
        </>
      ) : (
        <select {...common}>
          {choices.map((c) => (
            <option key={c} value={c}>
              {c === defaultValue ? `${c} (default)` : c}
            </option>
          ))}
        </select>
      )}
      <div id={hintId} className={styles.hint}>
        {hintOf(field, values)}
      </div>
      <div id={messagesId} aria-live="polite">
        {problems.map((p) => (
          <p key={p.message} className={styles.problem} data-problem-field={field}>
            {renderProblem(p, GUIDE_SURFACE)}
          </p>
        ))}
        {warnings.map((w) => (
          <p key={w.message} className={styles.warning} data-warning-field={field}>
            {renderWarning(w, GUIDE_SURFACE)}
          </p>
        ))}
      </div>
    </div>
  );
}

export default function Configurator(): React.ReactElement {
  const { values, reset, validation, renderable, fromLink, confirmLink, discardLink } = useGuideValues();
  const loaded = useGuideValuesLoaded();
  const [linkCopied, setLinkCopied] = useState(false);
  const known = new Set<string>(GUIDE_FIELDS);
  const other = validation.problems.filter((p) => !known.has(p.field));
  const copyLink = (): void => {
    const link = `${window.location.origin}${window.location.pathname}${queryForValues(values)}`;
    void navigator.clipboard?.writeText(link).then(() => {
      setLinkCopied(true);
      window.setTimeout(() => setLinkCopied(false), 1500);
    });
  };
  return (
    <section
      className={styles.configurator}
      aria-labelledby="configurator-title"
      data-configurator
      data-loaded={loaded ? 'true' : 'false'}
    >
      <h2 id="configurator-title" className={styles.configuratorTitle}>
        Your values
      </h2>
      <p className={styles.configuratorIntro}>
        Type them once: every command, policy and snippet in this guide uses them, on every page. They stay in
        this browser only.
      </p>
      {fromLink.length > 0 && (
        <div className={styles.linkNotice} role="alert" data-link-notice>
          <p>
            <strong>These values came from a link</strong> (
            {fromLink.map((f) => guideSpec(f).label).join(', ')}). Compare them with what Quartic sent you
            before you use them: they are not saved until you confirm or edit them.
          </p>
          <div className={styles.linkNoticeButtons}>
            <button
              type="button"
              className="button button--sm button--primary"
              onClick={confirmLink}
              disabled={renderable === undefined}
              data-link-confirm
            >
              {renderable === undefined ? 'Fix the problems below to use them' : 'Use these values'}
            </button>
            <button
              type="button"
              className="button button--sm button--secondary"
              onClick={discardLink}
              data-link-discard
            >
              Discard them
            </button>
          </div>
        </div>
      )}
      <div className={styles.grid}>
        {GUIDE_FIELDS.map((field) => (
          <Field key={field} field={field} />
        ))}
      </div>
      {other.map((p) => (
        <p key={p.message} className={styles.problem}>
          {renderProblem(p, GUIDE_SURFACE)}
        </p>
      ))}
      <div className={styles.configuratorFooter}>
        <span role="status" data-validation-status={validation.problems.length === 0 ? 'valid' : 'invalid'}>
          {validation.problems.length === 0
            ? 'All values are valid.'
            : `${validation.problems.length} problem${validation.problems.length === 1 ? '' : 's'} to fix.`}
        </span>
        <button
          type="button"
          className="button button--sm button--secondary"
          onClick={copyLink}
          disabled={renderable === undefined}
        >
          {linkCopied ? 'Link copied' : 'Copy a link with these values'}
        </button>
        <button type="button" className="button button--sm button--secondary" onClick={reset}>
          Reset
        </button>
      </div>
    </section>
  );
}
