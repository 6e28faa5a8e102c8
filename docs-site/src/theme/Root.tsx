import React from 'react';
import { GuideValuesProvider } from '../components/GuideValues';

export default function Root({ children }: { children: React.ReactNode }): React.ReactElement {
  return <GuideValuesProvider>{children}</GuideValuesProvider>;
}
