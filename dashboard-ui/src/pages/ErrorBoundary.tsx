import { Component, type ReactNode } from 'react';

/** Keeps the sidebar and the live state alive when one page fails to render, and says what to do. */
export class ErrorBoundary extends Component<{ children: ReactNode; page: string }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidUpdate(prev: { page: string }) {
    if (prev.page !== this.props.page && this.state.error) this.setState({ error: null });
  }

  render() {
    if (this.state.error) {
      return (
        <div className="notice error" role="alert">
          This page failed to draw: {this.state.error.message}. Reload the page; if it happens again, the browser console has the
          details.{' '}
          <button type="button" className="small secondary" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
