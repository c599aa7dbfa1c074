/** Entry point of the playground page (index.html). */
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain an element with id "app"');

export default mount(App, { target });
