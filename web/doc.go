// Package web is the operators' adapter: the station's HTTP JSON API (and,
// later, the websocket hub and the browser console). It talks to the domain
// core in gcs and to nothing else of the station.
package web
