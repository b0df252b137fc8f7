// Package value is gq's value model: q's typed atoms, vectors, lists, dictionaries,
// tables and functions as plain Go types. It imports nothing else of ours.
package value

// Type is the q type number: negative for atoms, 0 general list, 1..19 vectors,
// 20..76 enumerations, 98 table, 99 dictionary, 100..112 functions, -128 error.
type Type int8

// The q type numbers.
const (
	TList       Type = 0
	TBool       Type = 1
	TGUID       Type = 2
	TByte       Type = 4
	TShort      Type = 5
	TInt        Type = 6
	TLong       Type = 7
	TReal       Type = 8
	TFloat      Type = 9
	TChar       Type = 10
	TSym        Type = 11
	TTimestamp  Type = 12
	TMonth      Type = 13
	TDate       Type = 14
	TDatetime   Type = 15
	TTimespan   Type = 16
	TMinute     Type = 17
	TSecond     Type = 18
	TTime       Type = 19
	TEnum       Type = 20
	TTable      Type = 98
	TDict       Type = 99
	TLambda     Type = 100
	TUnary      Type = 101
	TBinary     Type = 102
	TTernary    Type = 103
	TProj       Type = 104
	TComp       Type = 105
	TEach       Type = 106 // f'
	TOver       Type = 107 // f/
	TScan       Type = 108 // f\
	TPrior      Type = 109 // f':
	TEachRight  Type = 110 // f/:
	TEachLeft   Type = 111 // f\:
	TError      Type = -128
	TSortedDict      = 127 // wire type of a dictionary with the sorted attribute
)

// Value is any q value.
type Value interface{ Type() Type }

// Attr is a vector attribute.
type Attr int8

// The attributes, in wire order.
const (
	AttrNone Attr = iota
	AttrS
	AttrU
	AttrP
	AttrG
)

// String gives the attribute's letter ("" for none).
func (a Attr) String() string { return [...]string{"", "s", "u", "p", "g"}[a] }

// IsAtom reports whether v is an atom (negative type; functions and errors excluded).
func IsAtom(v Value) bool { t := v.Type(); return t < 0 && t > -TEnum-1 }

// IsFunc reports whether v is applicable as a function (types 100..112).
func IsFunc(v Value) bool { return v.Type() >= TLambda }

// Names of the basic types, indexed by type number, as `key` of a cast uses them.
var TypeNames = [...]string{"", "boolean", "guid", "", "byte", "short", "int", "long", "real",
	"float", "char", "symbol", "timestamp", "month", "date", "datetime", "timespan", "minute",
	"second", "time"}

// TypeChars are the cast/type letters indexed by type number (" " for 0).
const TypeChars = " bg xhijefcspmdznuvt"
