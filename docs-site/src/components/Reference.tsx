/**
 * Tables generated from the code: the construct's props (src/core/options.ts), the example app's
 * environment variables and the props that must be literals (the option registry,
 * src/core/option-registry.ts), the outputs (src/core/handoff.ts) and the access levels.
 */
import React from 'react';
import { ACCESS_LEVEL_DEFINITIONS, ACCESS_LEVELS } from '../../../src/core/access-levels';
import { OUTPUT_DESCRIPTIONS, OUTPUT_IDS } from '../../../src/core/handoff';
import { LITERAL_ONLY, LiteralReason, OPTION_KEYS } from '../../../src/core/option-registry';
import { CONSTRUCT_SURFACE, renderRule } from '../../../src/core/validation';
import reference from '../../generated/reference.json';
import styles from './styles.module.css';

/** A wide table in a focusable, labelled scroll region (keyboard users can scroll it). */
function Wide({ label, children }: { label: string; children: React.ReactNode }): React.ReactElement {
  return (
    <div className={styles.tableWrap} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** Renders `code` spans of a doc comment. */
function Doc({ text }: { text: string }): React.ReactElement {
  const parts = text.split(/(`[^`]+`)/g);
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith('`') && p.endsWith('`') && p.length > 1 ? <code key={i}>{p.slice(1, -1)}</code> : p,
      )}
    </>
  );
}

export function PropsTable({ name }: { name: string }): React.ReactElement {
  const found = reference.interfaces.find((i) => i.name === name);
  if (found === undefined) throw new Error(`Interface ${name} not in generated/reference.json`);
  return (
    <Wide label={`Props of ${name}`}>
      <table data-props-table={name}>
        <thead>
          <tr>
            <th scope="col">Prop and type</th>
            <th scope="col">Default</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {found.props.map((p) => (
            <tr key={p.name} id={`prop-${p.name}`}>
              <td>
                <code>{p.name}</code>
                <br />
                <code className={styles.type}>{p.type}</code>
              </td>
              <td>{p.required ? <strong>required</strong> : <Doc text={p.default ?? '—'} />}</td>
              <td>
                <Doc text={p.doc} />
                {'see' in p && p.see ? (
                  <>
                    {' '}
                    <a href={p.see}>AWS docs</a>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Wide>
  );
}

export function SettingsTable(): React.ReactElement {
  return (
    <Wide label="Environment variables of the example app">
      <table data-settings-table>
        <thead>
          <tr>
            <th scope="col">Environment variable and option</th>
            <th scope="col">Description and example</th>
          </tr>
        </thead>
        <tbody>
          {reference.settings.map((s) => (
            <tr key={s.env}>
              <td>
                <code>{s.env}</code>
                <br />
                <code className={styles.type}>{s.option}</code>
              </td>
              <td>
                <Doc text={s.description} /> Example: <code className={styles.type}>{s.example}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Wide>
  );
}

/** Prop names as code spans, joined with commas. */
function Names({ names }: { names: readonly string[] }): React.ReactElement {
  return (
    <>
      {names.map((n, i) => (
        <React.Fragment key={n}>
          {i > 0 && ', '}
          <code>{n}</code>
        </React.Fragment>
      ))}
    </>
  );
}

/** Which props accept unresolved Terraform tokens, and which must be literals, with validation's reason. */
export function LiteralProps(): React.ReactElement {
  const literal = new Set(LITERAL_ONLY.map(([key]) => key));
  const reasons = [...new Set(LITERAL_ONLY.map(([, reason]) => reason))];
  const only = (reason: LiteralReason) => LITERAL_ONLY.filter(([, r]) => r === reason).map(([key]) => key);
  return (
    <p data-literal-props>
      Props that accept unresolved Terraform tokens (validated only when literal):{' '}
      <Names names={OPTION_KEYS.filter((key) => !literal.has(key))} />.
      {reasons.map((reason) => {
        const keys = only(reason);
        return (
          <React.Fragment key={reason}>
            {' '}
            {keys.length > 1 ? 'Each of ' : ''}
            <Names names={keys} /> {renderRule({ ruleId: `literal.${reason}`, facts: {} }, CONSTRUCT_SURFACE)}
            .
          </React.Fragment>
        );
      })}
    </p>
  );
}

/** The construct's Terraform outputs, each with the description the construct gives it. */
export function OutputsTable(): React.ReactElement {
  const keys = Object.keys(OUTPUT_IDS) as Array<keyof typeof OUTPUT_IDS>;
  return (
    <table data-outputs>
      <thead>
        <tr>
          <th scope="col">Output</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key}>
            <td>
              <code>{OUTPUT_IDS[key]}</code>
            </td>
            <td>
              <Doc text={OUTPUT_DESCRIPTIONS[key]} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AccessLevelsTable(): React.ReactElement {
  return (
    <Wide label="Access levels">
      <table data-access-levels>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">On the bucket</th>
            <th scope="col">On its objects</th>
            <th scope="col">With SSE-KMS</th>
          </tr>
        </thead>
        <tbody>
          {ACCESS_LEVELS.map((l) => {
            const d = ACCESS_LEVEL_DEFINITIONS[l];
            const list = (grants: readonly { action: string; why: string }[]) => (
              <ul>
                {grants.map((g) => (
                  <li key={g.action}>
                    <code>{g.action}</code>: {g.why}
                  </li>
                ))}
              </ul>
            );
            return (
              <tr key={l}>
                <td>
                  <code>{l}</code>
                  <br />
                  {d.summary}
                </td>
                <td>{list(d.bucketActions)}</td>
                <td>{list(d.objectActions)}</td>
                <td>{list(d.kmsActions)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Wide>
  );
}
