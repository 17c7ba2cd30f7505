import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What failed, for the message ("Column 2"). */
  label: string;
  children: ReactNode;
}

/**
 * A rendering bug in one part of the window shows a message there instead of unmounting the
 * whole app and everything the user typed.
 */
export class ErrorBoundary extends Component<Props, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`${this.props.label} failed to render`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="inline-error" role="alert">
        {this.props.label} could not be shown: {this.state.error.message}{' '}
        <button type="button" className="small" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
