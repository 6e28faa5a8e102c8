/**
 * Swizzled (ejected) from @docusaurus/theme-classic: the code block's text without a client-side
 * highlighter. Prism and its ~50 bundled languages were about half of what the browser evaluated on a
 * first load, most of the guide's blocking time on a phone (docs-site/README.md has the numbers); the
 * snippets are commands and documents a reader copies, legible in one colour. The title, the copy button
 * and word wrap are Docusaurus' own (the Layout around this component is not swizzled).
 */
import React from 'react';
import clsx from 'clsx';
import { useCodeBlockContext } from '@docusaurus/theme-common/internal';
import styles from './styles.module.css';

export default function CodeBlockContent({ className }: { className?: string }): React.ReactElement {
  const { metadata, wordWrap } = useCodeBlockContext();
  const lines = metadata.code.split('\n');
  return (
    <pre
      ref={wordWrap.codeBlockRef}
      // The block scrolls sideways on a narrow screen: keyboard users reach it too.
      tabIndex={0}
      className={clsx(className, metadata.className, styles.codeBlock, 'thin-scrollbar')}
    >
      <code className={styles.codeBlockLines}>
        {lines.map((line, i) => (
          <span key={i} className="token-line">
            {line}
            {'\n'}
          </span>
        ))}
      </code>
    </pre>
  );
}
