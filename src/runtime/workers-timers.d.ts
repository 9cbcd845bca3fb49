// workerd's clearTimeout/clearInterval accept undefined at run time, as on
// Node and in browsers; its typings only allow number | null. This overload
// lets the shared code use the same `clearTimeout(maybeTimer)` everywhere.
declare function clearTimeout(timeoutId?: number | null): void;
declare function clearInterval(timeoutId?: number | null): void;
