/**
 * Swizzled (wrapped) from @docusaurus/theme-classic: the phone menu renders its links only once the reader
 * first opens it, not as soon as the page hydrates on a narrow screen. The stock component mounts the
 * hidden panel at once, and every link in it sits at the viewport's edge, which an IntersectionObserver
 * counts as visible: Docusaurus then prefetched every page of the guide (19 chunks, ~0.5 MB) in one long
 * main-thread task right after load, the largest block of Total Blocking Time the stock page does not
 * have. Opening the menu (or hovering or tapping a link in it) still prefetches as before.
 */
import React, { useState, type ReactNode } from 'react';
import { useLockBodyScroll, useNavbarMobileSidebar } from '@docusaurus/theme-common/internal';
import NavbarMobileSidebarLayout from '@theme/Navbar/MobileSidebar/Layout';
import NavbarMobileSidebarHeader from '@theme/Navbar/MobileSidebar/Header';
import NavbarMobileSidebarPrimaryMenu from '@theme/Navbar/MobileSidebar/PrimaryMenu';
import NavbarMobileSidebarSecondaryMenu from '@theme/Navbar/MobileSidebar/SecondaryMenu';

export default function NavbarMobileSidebar(): ReactNode {
  const mobileSidebar = useNavbarMobileSidebar();
  useLockBodyScroll(mobileSidebar.shown);
  const [opened, setOpened] = useState(false);
  // Set during render (React's pattern for state derived from a change), so the menu's first frame has its links.
  if (mobileSidebar.shown && !opened) setOpened(true);

  if (!mobileSidebar.shouldRender || !opened) {
    return null;
  }

  return (
    <NavbarMobileSidebarLayout
      header={<NavbarMobileSidebarHeader />}
      primaryMenu={<NavbarMobileSidebarPrimaryMenu />}
      secondaryMenu={<NavbarMobileSidebarSecondaryMenu />}
    />
  );
}
