/**
 * The configurator: the reader types their values once; every snippet on every page follows. Validation
 * is the library's own `validateOptions`, so the messages are the ones the construct and the example app
 * print.
 */
import React, { useId, useState } from 'react';
import { ACCESS_LEVEL_DEFINITIONS, ACCESS_LEVELS } from '../../../src/core/access-levels';
import { ENCRYPTION_TYPES } from '../../../src/core/options';
import { COMMERCIAL_REGIONS } from '../../../src/core/regions';
import { GUIDE_FIELD_LABELS, GUIDE_FIELDS, GuideField, queryForValues } from '../guide/values';
import { useGuideValues, useGuideValuesLoaded } from './GuideValues';
import styles from './styles.module.css';

interface FieldProps {
  readonly field: GuideField;
  readonly label: string;
  readonly hint: string;
  readonly children: (props: {
    id: string;
    'aria-describedby': string;
    'aria-invalid': boolean;
  }) => React.ReactNode;
}

function Field({ field, label, hint, children }: FieldProps): React.ReactElement {
  const { validation } = useGuideValues();
  const id = `guide-${field}`;
  const problems = validation.problems.filter((p) => p.field === field);
  const warnings = validation.warnings.filter((w) => w.field === field);
  const hintId = `${id}-hint`;
  const messagesId = `${id}-messages`;
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      {children({ id, 'aria-describedby': `${hintId} ${messagesId}`, 'aria-invalid': problems.length > 0 })}
      <div id={hintId} className={styles.hint}>
        {hint}
      </div>
      <div id={messagesId} aria-live="polite">
        {problems.map((p) => (
          <p key={p.message} className={styles.problem} data-problem-field={field}>
            {p.message}
          </p>
        ))}
        {warnings.map((w) => (
          <p key={w.message} className={styles.warning} data-warning-field={field}>
            {w.message}
          </p>
        ))}
      </div>
    </div>
  );
}

export default function Configurator(): React.ReactElement {
  const { values, setValue, reset, validation, renderable, fromLink, confirmLink, discardLink } =
    useGuideValues();
  const loaded = useGuideValuesLoaded();
  const [linkCopied, setLinkCopied] = useState(false);
  const listId = useId();
  const text =
    (field: GuideField) =>
    (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>): void =>
      setValue(field, e.target.value);
  // The four free-text fields share their input settings.
  const textInput = (field: 'externalId' | 'bucketName' | 'region' | 'roleName') => ({
    type: 'text',
    autoComplete: 'off',
    spellCheck: false,
    value: values[field],
    onChange: text(field),
  });
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
            {fromLink.map((f) => GUIDE_FIELD_LABELS[f]).join(', ')}). Compare them with what Quartic sent you
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
        <Field field="externalId" label={GUIDE_FIELD_LABELS.externalId} hint="Exactly as Quartic sent it.">
          {(a) => <input {...a} {...textInput('externalId')} />}
        </Field>
        <Field
          field="bucketName"
          label={GUIDE_FIELD_LABELS.bucketName}
          hint="New, dedicated to Quartic, globally unique."
        >
          {(a) => <input {...a} {...textInput('bucketName')} />}
        </Field>
        <Field field="region" label={GUIDE_FIELD_LABELS.region} hint="Choose it with your PII rules in mind.">
          {(a) => (
            <>
              <input {...a} list={listId} {...textInput('region')} />
              <datalist id={listId}>
                {COMMERCIAL_REGIONS.map((r) => (
                  <option key={r} value={r} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field field="roleName" label={GUIDE_FIELD_LABELS.roleName} hint="The guide suggests quartic-access.">
          {(a) => <input {...a} {...textInput('roleName')} />}
        </Field>
        <Field
          field="accessLevel"
          label={GUIDE_FIELD_LABELS.accessLevel}
          hint={ACCESS_LEVEL_DEFINITIONS[values.accessLevel].summary}
        >
          {(a) => (
            <select {...a} value={values.accessLevel} onChange={text('accessLevel')}>
              {ACCESS_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l === 'full' ? 'full (the guide’s choice)' : l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          field="encryption"
          label={GUIDE_FIELD_LABELS.encryption}
          hint={
            values.encryption === 'SSE-KMS'
              ? 'A new KMS key; the role may use it only through S3, for this bucket.'
              : 'S3-managed keys: nothing to manage.'
          }
        >
          {(a) => (
            <select {...a} value={values.encryption} onChange={text('encryption')}>
              {ENCRYPTION_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {other.map((p) => (
        <p key={p.message} className={styles.problem}>
          {p.message}
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
