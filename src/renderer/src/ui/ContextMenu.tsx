// A right-click menu: plain buttons in a fixed box at the pointer, closed by choosing an item,
// clicking elsewhere, Escape or scrolling. One menu at a time per useContextMenu() owner.
import { useCallback, useEffect, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';

export interface ContextMenuItem {
  label: string;
  onSelect: () => void;
  shortcut?: string;
  disabled?: boolean;
  danger?: boolean;
  /** Draws a separator line above this item. */
  separated?: boolean;
}

interface OpenMenu {
  x: number;
  y: number;
  items: ContextMenuItem[];
  label: string;
}

export function useContextMenu() {
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const open = useCallback((event: ReactMouseEvent, label: string, items: ContextMenuItem[]) => {
    event.preventDefault();
    event.stopPropagation();
    setMenu({ x: event.clientX, y: event.clientY, items, label });
  }, []);
  const close = useCallback(() => setMenu(null), []);
  const element = menu ? <ContextMenu menu={menu} onClose={close} /> : null;
  return { open, close, element };
}

function ContextMenu({ menu, onClose }: { menu: OpenMenu; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('blur', onClose);
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    return () => {
      window.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('blur', onClose);
    };
  }, [onClose]);
  // Keep the menu inside the window.
  const left = Math.min(menu.x, window.innerWidth - 230);
  const top = Math.min(menu.y, window.innerHeight - 30 * menu.items.length - 12);
  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label={menu.label}
      data-testid="context-menu"
      style={{ left, top: Math.max(4, top) }}
    >
      {menu.items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          className={[
            'context-menu-item',
            item.danger ? 'context-menu-danger' : '',
            item.separated ? 'context-menu-separated' : '',
          ].join(' ')}
          disabled={item.disabled}
          onClick={() => {
            onClose();
            item.onSelect();
          }}
        >
          <span>{item.label}</span>
          {item.shortcut ? <kbd>{item.shortcut}</kbd> : null}
        </button>
      ))}
    </div>
  );
}
