/*
 * Material 9.8's two inline scripts (partials/javascripts/base.html and palette.html), moved into
 * one cached file instead of every page: the storage helpers Material's bundle uses, scoped to the
 * site's root (this file is assets/javascripts/palette.js); the palette toggle's inputs and labels,
 * built into the form before this script (partials/palette.html) as Material's partial writes
 * them, from PALETTE; then the reader's saved colour palette applied before the page is painted.
 *
 * PALETTE is mkdocs.yml's theme.palette (tests/test_site_safety.py checks that they agree): one
 * option per entry, [media, scheme, primary, accent, toggle name, sprite id of the toggle icon
 * (partials/icon.html)], "" for what an entry leaves out (scheme, primary and accent default to
 * "default", "indigo" and "indigo"; spaces in them become "-", and "/" in the icon's name "-").
 */
var PALETTE = [
  ["(prefers-color-scheme: light)", "default", "indigo", "indigo", "Switch to dark mode", "material-weather-night"],
  ["(prefers-color-scheme: dark)", "slate", "indigo", "indigo", "Switch to light mode", "material-weather-sunny"]
];
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};(function(){var form=document.querySelector("form[data-md-component=palette]");if(!form||form.firstChild)return;var options=PALETTE,sprite=new URL("assets/icons/icons.svg",__md_scope).pathname,svg="http://www.w3.org/2000/svg";options.forEach(function(o,i){var input=document.createElement("input");input.className="md-option";["media","scheme","primary","accent"].forEach(function(k,j){input.setAttribute("data-md-color-"+k,o[j])});var toggle=o[4]||o[5];toggle?input.setAttribute("aria-label",o[4]):input.setAttribute("aria-hidden","true");input.type="radio";input.name="__palette";input.id="__palette_"+i;form.append(input);if(!toggle)return;var label=document.createElement("label");label.className="md-header__button md-icon";label.title=o[4];label.htmlFor="__palette_"+(i+1)%options.length;label.hidden=true;var icon=document.createElementNS(svg,"svg"),use=document.createElementNS(svg,"use");icon.setAttribute("viewBox","0 0 24 24");icon.setAttribute("aria-hidden","true");use.setAttribute("href",sprite+"#"+o[5]);icon.append(use);label.append(icon);form.append(label)})})();
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
