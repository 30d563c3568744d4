import { mount } from 'svelte';
import QuickNote from './QuickNote.svelte';
import './theme.css';

mount(QuickNote, { target: document.getElementById('app')! });
