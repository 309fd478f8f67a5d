/** An in-app link: a real href (open in a new tab, copy, share), navigated without reloading. */
import { type ReactNode } from 'react';
import { navigate as go } from '../state/route';

interface Props {
  to: string;
  children: ReactNode;
  current?: boolean;
  onNavigate?: (url: string) => void;
  className?: string;
}

export function Link({ to, children, current, onNavigate = go, className }: Props) {
  return (
    <a
      href={to}
      className={className}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        onNavigate(to);
      }}
    >
      {children}
    </a>
  );
}
