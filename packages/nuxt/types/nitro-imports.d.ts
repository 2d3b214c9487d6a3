// For type checking only: the names the server runtime takes from Nitro's `#imports`.

export { appendResponseHeader, defineEventHandler, getRequestHeader, getRequestHost, toWebRequest } from 'h3';
export { defineNitroPlugin, getRouteRules, useRuntimeConfig } from 'nitropack/runtime';
