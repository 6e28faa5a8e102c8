/** The two accounts and the AssumeRole-with-external-ID flow, as static SVG (no diagram library). */
import React from 'react';
import styles from './styles.module.css';

export default function AccessDiagram(): React.ReactElement {
  return (
    <figure className={styles.diagram}>
      <svg
        viewBox="0 0 760 330"
        role="img"
        aria-labelledby="diagram-title diagram-desc"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id="diagram-title">How Quartic reaches your bucket</title>
        <desc id="diagram-desc">
          Quartic&apos;s AWS account 555071496850 calls sts:AssumeRole on the role in your account, passing
          your external ID. The role&apos;s trust policy accepts only that account with that external ID. STS
          returns temporary credentials, which Quartic uses to call S3 on your bucket, and only on it.
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
        <rect x="10" y="30" width="230" height="280" rx="10" className={styles.dAccount} />
        <text x="125" y="58" textAnchor="middle" className={styles.dTitle}>
          Quartic&apos;s AWS account
        </text>
        <text x="125" y="80" textAnchor="middle" className={styles.dSmall}>
          555071496850
        </text>
        <rect x="40" y="130" width="170" height="70" rx="8" className={styles.dBox} />
        <text x="125" y="162" textAnchor="middle" className={styles.dLabel}>
          Quartic platform
        </text>
        <text x="125" y="182" textAnchor="middle" className={styles.dSmall}>
          no long-term keys of yours
        </text>

        <rect x="400" y="30" width="350" height="280" rx="10" className={styles.dAccount} />
        <text x="575" y="58" textAnchor="middle" className={styles.dTitle}>
          Your AWS account
        </text>
        <rect x="430" y="80" width="290" height="95" rx="8" className={styles.dBox} />
        <text x="575" y="106" textAnchor="middle" className={styles.dLabel}>
          IAM role (e.g. quartic-access)
        </text>
        <text x="575" y="128" textAnchor="middle" className={styles.dSmall}>
          trusts 555071496850 only
        </text>
        <text x="575" y="146" textAnchor="middle" className={styles.dSmall}>
          if sts:ExternalId = your external ID
        </text>
        <text x="575" y="164" textAnchor="middle" className={styles.dSmall}>
          inline policy: this bucket only
        </text>
        <rect x="430" y="220" width="290" height="70" rx="8" className={styles.dBox} />
        <text x="575" y="250" textAnchor="middle" className={styles.dLabel}>
          S3 bucket (yours, dedicated)
        </text>
        <text x="575" y="270" textAnchor="middle" className={styles.dSmall}>
          private, TLS only, versioned
        </text>

        <line x1="210" y1="140" x2="428" y2="112" className={styles.dLine} markerEnd="url(#arrow)" />
        <text x="318" y="108" textAnchor="middle" className={styles.dStep}>
          1. sts:AssumeRole
        </text>
        <text x="318" y="124" textAnchor="middle" className={styles.dSmall}>
          + external ID
        </text>
        <line x1="428" y1="150" x2="212" y2="172" className={styles.dLine} markerEnd="url(#arrow)" />
        <text x="318" y="186" textAnchor="middle" className={styles.dStep}>
          2. temporary credentials
        </text>
        <line x1="190" y1="200" x2="428" y2="255" className={styles.dLine} markerEnd="url(#arrow)" />
        <text x="300" y="258" textAnchor="middle" className={styles.dStep}>
          3. S3 requests (TLS)
        </text>
      </svg>
      <figcaption>
        Quartic assumes a role in your account; no access keys are shared. The external ID stops anyone else
        using Quartic to reach your bucket (the &quot;confused deputy&quot; problem).
      </figcaption>
    </figure>
  );
}
