import { useRef } from 'react';

interface SplitterProps {
  orientation: 'vertical' | 'horizontal';
  label: string;
  /** Called with the pointer's movement since the drag started, in CSS px. */
  onDrag: (deltaPx: number) => void;
  onDragStart: () => void;
}

/** A thin handle between panels; vertical splits left/right, horizontal splits top/bottom. */
export function Splitter({ orientation, label, onDrag, onDragStart }: SplitterProps) {
  const start = useRef<number | null>(null);
  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      title={label}
      onPointerDown={(event) => {
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        start.current = orientation === 'vertical' ? event.clientX : event.clientY;
        onDragStart();
      }}
      onPointerMove={(event) => {
        if (start.current === null) return;
        onDrag((orientation === 'vertical' ? event.clientX : event.clientY) - start.current);
      }}
      onPointerUp={(event) => {
        start.current = null;
        event.currentTarget.releasePointerCapture(event.pointerId);
      }}
    />
  );
}
