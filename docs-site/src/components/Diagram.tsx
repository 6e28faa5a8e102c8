/** The two accounts and the AssumeRole-with-external-ID flow, as static SVG (no diagram library). */
import React from 'react';
import { DEFAULT_ROLE_NAME, QUARTIC_ACCOUNT_ID } from '../../../src/core/defaults';
import styles from './styles.module.css';

export default function AccessDiagram(): React.ReactElement {
  return (
    <figure className={styles.diagram}>
      <svg
        viewBox="0 0 800 330"
        role="img"
        aria-labelledby="diagram-title diagram-desc"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id="diagram-title">How Quartic reaches your bucket</title>
        <desc id="diagram-desc">
          Quartic&apos;s AWS account {QUARTIC_ACCOUNT_ID} calls sts:AssumeRole on the role in your account,
          passing your external ID. The role&apos;s trust policy accepts only that account with that external
          ID. STS returns temporary credentials, which Quartic uses to call S3 on your bucket, and only on it.
        </desc>
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" className={styles.dArrowHead} />
          </marker>
        </defs>
        <rect x="10" y="30" width="240" height="290" rx="10" className={styles.dAccount} />
        <text x="130" y="56" textAnchor="middle" className={styles.dTitle}>
          Quartic&apos;s AWS account
        </text>
        <text x="130" y="76" textAnchor="middle" className={styles.dSmall}>
          {QUARTIC_ACCOUNT_ID}
        </text>
        <rect x="30" y="92" width="200" height="208" rx="8" className={styles.dBox} />
        <text x="130" y="190" textAnchor="middle" className={styles.dLabel}>
          Quartic platform
        </text>
        <text x="130" y="212" textAnchor="middle" className={styles.dSmall}>
          stores no keys of yours
        </text>

        <rect x="470" y="30" width="320" height="290" rx="10" className={styles.dAccount} />
        <text x="630" y="56" textAnchor="middle" className={styles.dTitle}>
          Your AWS account
        </text>
        <rect x="490" y="72" width="280" height="112" rx="8" className={styles.dBox} />
        <text x="630" y="98" textAnchor="middle" className={styles.dLabel}>
          IAM role (e.g. {DEFAULT_ROLE_NAME})
        </text>
        <text x="630" y="120" textAnchor="middle" className={styles.dSmall}>
          trusts account {QUARTIC_ACCOUNT_ID} only,
        </text>
        <text x="630" y="139" textAnchor="middle" className={styles.dSmall}>
          if sts:ExternalId is your external ID;
        </text>
        <text x="630" y="158" textAnchor="middle" className={styles.dSmall}>
          inline policy: this bucket only
        </text>
        <rect x="490" y="222" width="280" height="78" rx="8" className={styles.dBox} />
        <text x="630" y="255" textAnchor="middle" className={styles.dLabel}>
          S3 bucket (yours, dedicated)
        </text>
        <text x="630" y="277" textAnchor="middle" className={styles.dSmall}>
          private, TLS only, versioned
        </text>

        <line x1="232" y1="118" x2="486" y2="118" className={styles.dLine} markerEnd="url(#arrow)" />
        <text x="360" y="108" textAnchor="middle" className={styles.dStep}>
          1. AssumeRole + external ID
        </text>
        <line x1="488" y1="164" x2="234" y2="164" className={styles.dLine} markerEnd="url(#arrow)" />
        <text x="360" y="154" textAnchor="middle" className={styles.dStep}>
          2. temporary credentials
        </text>
        <line x1="232" y1="262" x2="486" y2="262" className={styles.dLine} markerEnd="url(#arrow)" />
        <text x="360" y="252" textAnchor="middle" className={styles.dStep}>
          3. S3 requests over TLS
        </text>
      </svg>
      <figcaption>
        Quartic assumes a role in your account; no access keys are shared. The external ID stops anyone else
        using Quartic to reach your bucket (the &quot;confused deputy&quot; problem).
      </figcaption>
    </figure>
  );
}
